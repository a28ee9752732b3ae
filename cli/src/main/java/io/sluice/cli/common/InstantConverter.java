package io.sluice.cli.common;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a point in time the way people type it: an ISO-8601 instant ({@code 2026-11-27T08:00:00Z})
 * or one with an offset ({@code 2026-11-27T09:00:00+01:00}), a UTC day ({@code 2026-11-27}, its
 * midnight), {@code now}, or a duration meaning "that long ago" ({@code 90m}, {@code 1h}, {@code
 * 7d}, {@code PT30M}; see {@link DurationConverter}).
 */
public final class InstantConverter implements ITypeConverter<Instant> {
  private static final String EXPECTED =
      " (expected an ISO-8601 instant like 2026-11-27T08:00:00Z, a day like 2026-11-27, now,"
          + " or a time ago like 30m, 1h, 7d)";

  @Override
  public Instant convert(String value) {
    String v = value.strip();
    if (v.equalsIgnoreCase("now")) {
      return Instant.now();
    }
    boolean ago = v.matches("(?i)\\d+[a-z]+|P.*");
    try {
      if (ago) {
        return Instant.now().minus(new DurationConverter().convert(v));
      }
      if (v.length() == 10) {
        return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return v.toUpperCase(Locale.ROOT).endsWith("Z")
          ? Instant.parse(v)
          : OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException | TypeConversionException e) {
      throw new TypeConversionException("'" + value + "' is not a time" + EXPECTED);
    }
  }
}
