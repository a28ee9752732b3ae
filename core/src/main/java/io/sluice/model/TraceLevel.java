package io.sluice.model;

/** Severity of a {@link TraceEvent}. Stored by name; the spool keeps the fixed code. */
public enum TraceLevel {
  DEBUG(1),
  INFO(2),
  WARNING(3),
  ERROR(4),
  CRITICAL(5);

  private final int code;

  TraceLevel(int code) {
    this.code = code;
  }

  /** The byte that marks this level in the spool; never changes once released. */
  public int code() {
    return code;
  }

  /** The level with this spool code, or {@code null} if none has it. */
  public static TraceLevel fromCode(int code) {
    for (TraceLevel l : values()) {
      if (l.code == code) {
        return l;
      }
    }
    return null;
  }
}
