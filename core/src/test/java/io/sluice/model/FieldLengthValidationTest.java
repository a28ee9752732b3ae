package io.sluice.model;

import static io.sluice.model.EventValidationFixtures.NAME;
import static io.sluice.model.EventValidationFixtures.TEXT;
import static io.sluice.model.EventValidationFixtures.TRACE_ID;
import static io.sluice.model.EventValidationFixtures.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.model.EventValidationFixtures.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Names and texts are limited in UTF-16 chars; a refusal names the field, length and rule. */
class FieldLengthValidationTest {
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.sluice.model.EventValidationFixtures#names")
  void build_nameOfExactlyTheLimit_isAccepted(Field field) {
    String ascii = "n".repeat(NAME);
    assertEquals(ascii, field.get().apply(field.with().apply(ascii)));
    // The limit counts UTF-16 chars: 128 emoji are 256 chars.
    String emoji = "🙂".repeat(NAME / 2);
    assertEquals(emoji, field.get().apply(field.with().apply(emoji)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.sluice.model.EventValidationFixtures#names")
  void build_nameOverTheLimit_throwsNamingFieldAndLength(Field field) {
    InvalidEventException e = assertRefused(field, "n".repeat(NAME + 1));
    assertTrue(e.getMessage().contains("(257 characters)"), e.getMessage());
    assertTrue(e.getMessage().contains("at most 256 characters"), e.getMessage());
    assertRefused(field, "🙂".repeat(NAME / 2) + "x");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.sluice.model.EventValidationFixtures#texts")
  void build_textOfExactlyTheLimit_isAccepted(Field field) {
    String text = "t".repeat(TEXT);
    assertEquals(text, field.get().apply(field.with().apply(text)));
    String cjk = "字".repeat(TEXT);
    assertEquals(cjk, field.get().apply(field.with().apply(cjk)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.sluice.model.EventValidationFixtures#texts")
  void build_textOverTheLimit_throwsNamingFieldAndLength(Field field) {
    InvalidEventException e = assertRefused(field, "t".repeat(TEXT + 1));
    assertTrue(e.getMessage().contains("(65537 characters)"), e.getMessage());
    assertTrue(e.getMessage().contains("at most 65536 characters"), e.getMessage());
  }

  @Test
  void message_ofRefusal_namesKindFieldCutValueAndRule() {
    InvalidEventException e = assertRefused(TRACE_ID, "x".repeat(300));
    assertEquals(
        "Invalid trace event: trace_id is \""
            + "x".repeat(80)
            + "…\" (300 characters) (expected a non-blank string of at most 256 characters)."
            + " Fix the field and append again.",
        e.getMessage());
    assertInstanceOf(SluiceException.class, e);
  }
}
