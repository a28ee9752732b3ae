package io.sluice.model;

/**
 * Marks the current thread as decoding a spool record whose CRC-32C matched, so the events'
 * constructors may skip re-parsing JSON fields that were validated before the record was appended.
 * Every other rule is still checked (they are cheap).
 */
public final class DecodeScope {
  private static final ThreadLocal<boolean[]> DECODING =
      ThreadLocal.withInitial(() -> new boolean[1]);

  private DecodeScope() {}

  /** True while {@link EventDecoder} is building an event on this thread. */
  public static boolean isDecoding() {
    return DECODING.get()[0];
  }

  public static boolean[] flag() {
    return DECODING.get();
  }
}
