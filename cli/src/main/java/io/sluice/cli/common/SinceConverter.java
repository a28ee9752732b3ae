package io.sluice.cli.common;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a point in time for {@code --since}: an ISO-8601 instant ({@code 2026-11-27T08:00:00Z}), a
 * date-time with an offset ({@code 2026-11-27T09:00:00+01:00}), a UTC date ({@code 2026-11-27},
 * midnight UTC), or a duration ago ({@code 10m}, {@code 2h}, {@code 1d}, as {@link
 * DurationConverter} reads it).
 */
public final class SinceConverter implements ITypeConverter<Instant> {
  @Override
  public Instant convert(String value) {
    String v = value.strip();
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException notDateTime) {
      // try the next form
    }
    try {
      return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException notDate) {
      // try the next form
    }
    try {
      return Instant.now().minus(new DurationConverter().convert(v));
    } catch (TypeConversionException notDuration) {
      throw new TypeConversionException(
          "'"
              + value
              + "' is not a time (expected an ISO-8601 time like 2026-11-27T08:00:00Z, a date like"
              + " 2026-11-27, or a duration ago like 10m, 2h, 1d)");
    }
  }
}
