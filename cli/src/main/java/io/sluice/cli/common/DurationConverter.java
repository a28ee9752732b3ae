package io.sluice.cli.common;

import io.sluice.model.DurationSyntax;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration the way people type it, as the {@code SLUICE_*} variables do ({@link
 * DurationSyntax}): {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, {@code 0}, or
 * ISO-8601 such as {@code PT1M30S}. Any other bare number is refused, because its unit would be a
 * guess.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    return DurationSyntax.parse(value)
        .orElseThrow(
            () ->
                new TypeConversionException(
                    "'"
                        + value
                        + "' is not a duration (expected a number with a unit: 500ms, 30s, 5m,"
                        + " 2h, 1d, or ISO-8601 like PT1M30S)"));
  }
}
