package io.sluice.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every form the environment and the CLI took before they shared {@link DurationSyntax}, and the
 * refusals of both.
 */
class DurationSyntaxTest {
  @Test
  void parse_unitsZeroAndIso8601_inAnyCaseAndWithBlanks() {
    assertEquals(Optional.of(Duration.ofMillis(500)), DurationSyntax.parse("500ms"));
    assertEquals(Optional.of(Duration.ofSeconds(30)), DurationSyntax.parse("30s"));
    assertEquals(Optional.of(Duration.ofMinutes(5)), DurationSyntax.parse("5m"));
    assertEquals(Optional.of(Duration.ofHours(2)), DurationSyntax.parse("2h"));
    assertEquals(Optional.of(Duration.ofDays(1)), DurationSyntax.parse("1d"));
    assertEquals(Optional.of(Duration.ZERO), DurationSyntax.parse("0"));
    assertEquals(Optional.of(Duration.ofSeconds(90)), DurationSyntax.parse("PT1M30S"));
    assertEquals(Optional.of(Duration.ofSeconds(90)), DurationSyntax.parse("pt90s"));
    assertEquals(Optional.of(Duration.ofMinutes(-5)), DurationSyntax.parse("-PT5M"));
    assertEquals(Optional.of(Duration.ofMinutes(10)), DurationSyntax.parse(" 10M\t"));
    assertEquals(Optional.of(Duration.ofMinutes(5)), DurationSyntax.parse("5 m"));
    assertEquals(
        Optional.of(Duration.ofMillis(12_345_678_901L)), DurationSyntax.parse("12345678901ms"));
  }

  @Test
  void parse_bareNumbersUnknownUnitsAndOverflow_areEmpty() {
    for (String bad :
        Arrays.asList(
            null,
            "",
            "30",
            "5x",
            "five minutes",
            "m",
            "1.5s",
            "99999999999999999999s",
            "9999999999999999d",
            "P")) {
      assertEquals(Optional.empty(), DurationSyntax.parse(bad), String.valueOf(bad));
    }
  }
}
