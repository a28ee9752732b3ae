package io.sluice.internal.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one UTF-8 writer of the spool and COPY encoders agrees with the JDK and refuses bad text. */
class Utf8Test {
  private static final List<String> SAMPLES =
      List.of("", "plain ascii", "é and ß", "漢字", "𝄞 clef", "mixed a é 漢 𝄞 z", "\u07FF\u0800");

  @Test
  void encode_validText_writesWhatTheJdkWrites() {
    for (String s : SAMPLES) {
      for (boolean strict : new boolean[] {true, false}) {
        byte[] b = new byte[3 * s.length() + 5];
        int end = Utf8.encode(s, b, 2, strict);
        assertArrayEquals(s.getBytes(UTF_8), Arrays.copyOfRange(b, 2, end), s);
        assertEquals(s.getBytes(UTF_8).length, Utf8.length(s), s);
      }
    }
  }

  @Test
  void encode_strict_refusesNulAndUnpairedSurrogatesNamingTheirPosition() {
    byte[] b = new byte[32];
    assertEquals(~3, Utf8.encode("abc\u0000", b, 0, true));
    assertEquals(~1, Utf8.encode("a\uD834b", b, 0, true));
    assertEquals(~0, Utf8.encode("\uDD1E", b, 0, true));
  }

  @Test
  void encode_lenient_writesNulAndALoneSurrogateAsTheyAre() {
    byte[] b = new byte[32];
    assertEquals(1, Utf8.encode("\u0000", b, 0, false));
    assertEquals(0, b[0]);
    assertEquals(3, Utf8.encode("\uDD1E", b, 0, false));
  }
}
