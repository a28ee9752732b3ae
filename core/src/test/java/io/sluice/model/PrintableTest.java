package io.sluice.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PrintableTest {
  @Test
  void escape_controlCharactersAndSeparators_becomeJavaEscapes() {
    assertEquals("a\\nb\\rc\\td", Printable.escape("a\nb\rc\td"));
    assertEquals(
        "nul\\u0000 esc\\u001b del\\u007f nel\\u0085",
        Printable.escape("nul\0 esc\u001b del\u007f nel\u0085"));
    assertEquals("line\\u2028para\\u2029", Printable.escape("line\u2028para\u2029"));
  }

  @Test
  void escape_unpairedSurrogates_areEscaped_pairsKept() {
    assertEquals("🙂 \\ud83d x \\ude42", Printable.escape("🙂 \ud83d x \ude42"));
    assertEquals("end \\ud83d", Printable.escape("end \ud83d"));
  }

  @Test
  void escape_printableText_isReturnedAsIs_andEscapingTwiceChangesNothing() {
    String plain = "C:\\spool\\ü 中 \"quoted\"";
    assertSame(plain, Printable.escape(plain));
    String once = Printable.escape("x\ny\0");
    assertEquals(once, Printable.escape(once));
    assertNull(Printable.escape(null));
    assertEquals("null", Printable.quote(null));
    assertEquals("\"a\\tb\"", Printable.quote("a\tb"));
  }

  @Test
  void sluiceException_messages_areEscaped() {
    assertEquals(
        "bad \\u0000 value\\nsecond line",
        new SluiceException("bad \0 value\nsecond line").getMessage());
  }
}
