package io.sluice.model;

import java.time.Instant;

/**
 * An event the drainer could not write, kept with why.
 *
 * @param reason why it was set aside
 * @param spoolIndex its index in the main spool
 * @param sqlState the SQLSTATE PostgreSQL gave, or {@code null} (damaged records)
 * @param message the error message (at most 4,000 characters)
 * @param attempts how many writes of it failed before it was set aside
 * @param failedAt when it was set aside
 * @param record the original spool record bytes, unchanged (re-injectable)
 */
public record DeadLetter(
    Reason reason,
    long spoolIndex,
    String sqlState,
    String message,
    int attempts,
    Instant failedAt,
    byte[] record) {

  /** Why an event became a dead letter. */
  public enum Reason {
    /** PostgreSQL rejected the row (SQLSTATE class 22, 23 or 54000). */
    REJECTED(1),
    /** The spool record does not decode (checksum mismatch, truncated, unknown version). */
    DAMAGED(2),
    /**
     * The event was recorded on a day already past its kind's retention when it was drained (for
     * example after a long outage): its partition is gone, or about to be.
     */
    EXPIRED(3);

    private final int code;

    Reason(int code) {
      this.code = code;
    }

    /** The reason's code in the dead-letter spool; never changes once released. */
    public int code() {
      return code;
    }

    /** The reason with this code, or {@code null} if none has it. */
    public static Reason fromCode(int code) {
      for (Reason r : values()) {
        if (r.code == code) {
          return r;
        }
      }
      return null;
    }
  }
}
