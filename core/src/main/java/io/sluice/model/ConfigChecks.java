package io.sluice.model;

import java.time.Duration;
import java.util.Map;
import java.util.function.IntConsumer;

/** Range checks shared by the config builders; every message names field, value and range. */
final class ConfigChecks {
  private ConfigChecks() {}

  static int range(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " is " + value + " (expected " + min + " to " + max + ")");
    }
    return value;
  }

  static Duration range(String field, Duration value, Duration min, Duration max) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is null (expected " + min + " to " + max + ")");
    }
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          field + " is " + value + " (expected " + min + " to " + max + ")");
    }
    return value;
  }

  /**
   * Runs {@code set} (a builder call fed from environment variable {@code var}); a refusal is
   * re-thrown naming the variable, so the user knows what to fix. {@code shown} is the value as it
   * may be printed (redacted where needed).
   */
  static void fromEnv(String var, String shown, Runnable set) {
    try {
      set.run();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          Printable.escape(
              "Environment variable "
                  + var
                  + "="
                  + shown
                  + " is refused: "
                  + e.getMessage()
                  + ". Fix or unset "
                  + var
                  + "."),
          e);
    }
  }

  /**
   * When environment variable {@code var} is set (not blank), parses it as an integer and passes it
   * to {@code set}, a refusal of either named as {@link #fromEnv} does.
   */
  static void intFromEnv(Map<String, String> env, String var, IntConsumer set) {
    String value = env.get(var);
    if (value != null && !value.isBlank()) {
      fromEnv(var, value, () -> set.accept(parseInt(var, value)));
    }
  }

  static int parseInt(String envName, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          envName + " is \"" + value + "\" (expected a whole number)", e);
    }
  }
}
