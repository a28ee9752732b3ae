package io.sluice.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast JSON pass never accepts what the full Jackson check refuses (so every rule and message
 * stays Jackson's), and it does accept the metadata applications send (so it is the fast path).
 */
class PlainJsonObjectTest {
  private static final List<String> SEEDS =
      List.of(
          "{\"tool\":\"web_search\",\"attempt\":1,\"tokens\":517,\"latency_ms\":37.5}",
          "{\"model\":\"small\",\"region\":\"eu\"}",
          "{\"a\": [1, 2.5e-3, -0, true, false, null, \"s\", {\"b\": {}}]}",
          "{\"unicode\": \"é中🙂\", \"escaped\": \"\\u00e9\\n\\\"\"}",
          "{\"path\": \"C:\\\\u0000dir\", \"n\": -12.5E+7, \"z\": 0.0}",
          "  {\n\t\"x\" : { \"y\" : [ [ ] , { } ] } }  \r\n");

  static Stream<String> typicalMetadata() {
    return SEEDS.stream();
  }

  /** Escaped surrogates, even paired, are Jackson's to decode: never certain, still accepted. */
  @Test
  void certainly_escapedSurrogatePair_leavesItToJackson() {
    String json = "{\"emoji\": \"\\ud83d\\ude42\"}";
    assertFalse(PlainJsonObject.certainly(json));
    assertDoesNotThrow(() -> EventRules.jsonObject(EventKind.TRACE, "metadata", json));
  }

  @ParameterizedTest
  @MethodSource("typicalMetadata")
  void certainly_typicalMetadata_isTrue(String json) {
    assertTrue(PlainJsonObject.certainly(json), json);
    assertDoesNotThrow(() -> EventRules.parsedJsonObject(EventKind.TRACE, "metadata", json));
  }

  @ParameterizedTest
  @MethodSource("io.sluice.model.JsonFieldValidationTest#notJsonObjects")
  void certainly_whatValidationRefuses_isFalse(String json) {
    assertFalse(PlainJsonObject.certainly(json), json);
  }

  @Test
  void certainly_nestedPastItsDepth_leavesItToJackson() {
    String deep = "{\"a\":".repeat(PlainJsonObject.MAX_DEPTH) + "1" + "}".repeat(32);
    String deeper = "{\"a\":".repeat(PlainJsonObject.MAX_DEPTH + 1) + "1" + "}".repeat(33);
    assertTrue(PlainJsonObject.certainly(deep));
    assertFalse(PlainJsonObject.certainly(deeper));
    assertDoesNotThrow(() -> EventRules.jsonObject(EventKind.TRACE, "metadata", deeper));
  }

  /**
   * 50,000 random edits of the seeds (inserting, deleting or replacing a character drawn mostly
   * from JSON's own syntax): whenever the fast pass says certainly, Jackson must accept too.
   */
  @Test
  void certainly_onMutatedJson_neverAcceptsWhatJacksonRefuses() {
    String alphabet = "{}[]:,\"\\/ubfnrtu0123456789abcdefABCDEF-+.eE \t\n\r\u0000\ud800\udc00xé";
    SplittableRandom random = new SplittableRandom(12);
    int certain = 0;
    int refusedByJackson = 0;
    List<String> wrong = new ArrayList<>();
    for (int round = 0; round < 50_000; round++) {
      List<String> seeds = new ArrayList<>(SEEDS);
      seeds.add("{\"e\": \"\\ud83d\\ude42\", \"x\": [\"\\u0041\"]}");
      StringBuilder b = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
      for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
        int at = random.nextInt(b.length() + 1);
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> b.insert(at, c);
          case 1 -> b.deleteCharAt(Math.min(at, b.length() - 1));
          default -> b.setCharAt(Math.min(at, b.length() - 1), c);
        }
      }
      String json = b.toString();
      boolean jacksonAccepts;
      try {
        EventRules.parsedJsonObject(EventKind.TRACE, "metadata", json);
        jacksonAccepts = true;
      } catch (InvalidEventException e) {
        jacksonAccepts = false;
        refusedByJackson++;
      }
      if (PlainJsonObject.certainly(json)) {
        certain++;
        if (!jacksonAccepts) {
          wrong.add(json);
        }
      }
    }
    assertTrue(wrong.isEmpty(), "accepted, but Jackson refuses: " + wrong);
    assertTrue(certain > 1_000, "too few mutants were valid to test anything: " + certain);
    assertTrue(refusedByJackson > 10_000, "too few mutants were invalid: " + refusedByJackson);
  }
}
