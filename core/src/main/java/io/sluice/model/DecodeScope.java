package io.sluice.model;

/**
 * Marks the current thread as decoding a spool record whose CRC-32C matched, so the events'
 * constructors may skip re-parsing JSON fields that were validated before the record was appended.
 * Every other rule is still checked (they are cheap).
 *
 * <p><b>For Sluice's own decoder only.</b> It is public because the decoder lives in an internal
 * package below this one; an application that enters the scope merely skips the JSON check of the
 * events it builds on this thread (a malformed value then becomes a dead letter when PostgreSQL
 * refuses it, never a lost event). Always pair {@link #enter()} with {@link #exit()} in a {@code
 * finally}.
 */
public final class DecodeScope {
  private static final ThreadLocal<boolean[]> DECODING =
      ThreadLocal.withInitial(() -> new boolean[1]);

  private DecodeScope() {}

  /** Starts decoding a checksummed record on this thread. */
  public static void enter() {
    DECODING.get()[0] = true;
  }

  /** Ends what {@link #enter()} started. */
  public static void exit() {
    DECODING.get()[0] = false;
  }

  /** True while a record is being decoded on this thread. */
  static boolean isDecoding() {
    return DECODING.get()[0];
  }
}
