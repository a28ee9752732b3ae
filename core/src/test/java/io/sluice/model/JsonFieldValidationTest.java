package io.sluice.model;

import static io.sluice.model.EventValidationFixtures.CONTEXT;
import static io.sluice.model.EventValidationFixtures.METADATA;
import static io.sluice.model.EventValidationFixtures.TAGS;
import static io.sluice.model.EventValidationFixtures.TEXT;
import static io.sluice.model.EventValidationFixtures.assertRefused;
import static io.sluice.model.EventValidationFixtures.jsonFields;
import static io.sluice.model.EventValidationFixtures.trace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.model.EventValidationFixtures.Field;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** JSON fields hold exactly one JSON object that PostgreSQL jsonb can store, kept verbatim. */
class JsonFieldValidationTest {
  static Stream<String> notJsonObjects() {
    return Stream.of(
        "[]",
        "[{\"a\": 1}]",
        "42",
        "-1.5e3",
        "\"a string\"",
        "true",
        "null",
        "",
        "   ",
        "{",
        "{\"a\": }",
        "{\"a\": 1,}",
        "{'a': 1}",
        "{a: 1}",
        "{\"a\": NaN}",
        "{\"a\": 1} x",
        "{\"a\": 1}{}",
        "{\"a\": 1} []",
        "{} 1",
        "{\"a\": \"\\u0000\"}",
        "{\"\\u0000\": 1}",
        "{\"a\": {\"b\": [\"x\\u0000y\"]}}",
        "{\"a\": \"nul\u0000raw\"}",
        "{\"a\": 1} // comment",
        "{\"a\": 1}\u0000",
        "{\"a\": \"\\ud800\"}",
        "{\"a\": [\"x\\ud83d\"]}",
        "{\"\\udc00x\": 1}",
        "{\"a\": \"\\ude42\\ud83d\"}",
        "{\"a\": \"" + (char) 0xD800 + "\"}");
  }

  static Stream<Arguments> jsonFieldsTimesNotObjects() {
    return jsonFields().flatMap(f -> notJsonObjects().map(v -> Arguments.of(f, v)));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("jsonFieldsTimesNotObjects")
  void build_jsonFieldNotOneObject_throwsNamingField(Field field, String json) {
    assertRefused(field, json);
  }

  @Test
  void build_jsonWithEscapedNul_messageExplainsJsonb() {
    InvalidEventException e = assertRefused(METADATA, "{\"a\": \"\\u0000\"}");
    assertTrue(e.getMessage().contains("\\u0000"), e.getMessage());
  }

  @Test
  void build_jsonWithEscapedUnpairedSurrogate_messageExplainsJsonb() {
    InvalidEventException e = assertRefused(CONTEXT, "{\"a\": \"\\ud800\"}");
    assertTrue(e.getMessage().contains("unpaired surrogate"), e.getMessage());
    assertTrue(e.getMessage().contains("jsonb"), e.getMessage());
  }

  @Test
  void build_jsonWithTrailingGarbage_messageSaysNothingAfter() {
    InvalidEventException e = assertRefused(TAGS, "{\"a\": 1} []");
    assertTrue(e.getMessage().contains("and nothing after it"), e.getMessage());
  }

  @Test
  void build_jsonNestedFarTooDeep_throwsNamingField() {
    String deep = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
    assertRefused(CONTEXT, deep);
  }

  static Stream<String> jsonObjects() {
    return Stream.of(
        "{}",
        "  {\n\t}  \n",
        "{\"a\": 1}",
        "{\"a\": [1, 2.5e-3, -0, true, false, null, \"s\", {\"b\": {}}]}",
        "{\"unicode\": \"é中🙂\", \"escaped\": \"\\u00e9\\ud83d\\ude42\\n\\\"\"}",
        "{\"path\": \"C:\\\\u0000dir\"}",
        "{\"\": \"\", \"dup\": 1, \"dup\": 2}");
  }

  static Stream<Arguments> jsonFieldsTimesObjects() {
    return jsonFields().flatMap(f -> jsonObjects().map(v -> Arguments.of(f, v)));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("jsonFieldsTimesObjects")
  void build_jsonFieldOneObject_isKeptVerbatim(Field field, String json) {
    assertSame(json, field.get().apply(field.with().apply(json)));
  }

  @Test
  void build_jsonObjectLargerThanTextLimit_isAccepted() {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < 20_000; i++) {
      b.append(i == 0 ? "" : ",").append("\"key").append(i).append("\": ").append(i);
    }
    String big = b.append('}').toString();
    assertTrue(big.length() > TEXT);
    assertEquals(big, trace().metadata(big).build().metadata());
  }
}
