package io.sluice.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way Sluice reads a duration a person typed, in an environment variable ({@code
 * SLUICE_KEEP_COMMITTED}) or on the command line: a whole number with a unit, {@code 500ms}, {@code
 * 30s}, {@code 5m}, {@code 2h}, {@code 1d} (case-insensitive, blanks allowed before the unit), a
 * bare {@code 0}, or ISO-8601 such as {@code PT1M30S}. Any other bare number is refused, because
 * its unit would be a guess. Stateless and thread-safe.
 */
public final class DurationSyntax {
  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private DurationSyntax() {}

  /**
   * The duration {@code text} spells (blanks around it ignored), or empty when it spells none
   * (null, a bare number other than 0, an unknown unit, or a value past {@link Duration}'s range):
   * the caller words the error, naming where the text came from.
   */
  public static Optional<Duration> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String v = text.strip().toLowerCase(Locale.ROOT);
    if (v.equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    try {
      Matcher m = SHORT.matcher(v);
      if (!m.matches()) {
        return Optional.of(Duration.parse(v.toUpperCase(Locale.ROOT)));
      }
      long n = Long.parseLong(m.group(1));
      return Optional.of(
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          });
    } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
      return Optional.empty(); // not ISO-8601, or too many digits for a long or a Duration
    }
  }
}
