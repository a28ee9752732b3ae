package io.sluice.model;

/**
 * An event was refused at the call because one of its fields breaks a rule. Nothing was appended.
 * The message names the event kind, the field, the value seen (cut to 80 characters) and the rule.
 */
public final class InvalidEventException extends SluiceException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_SHOWN_CHARS = 80;

  private final String field;

  public InvalidEventException(EventKind kind, String field, Object seen, String rule) {
    super(
        "Invalid "
            + kind.displayName()
            + ": "
            + field
            + " is "
            + describe(seen)
            + " (expected "
            + rule
            + "). Fix the field and append again.");
    this.field = field;
  }

  /** The snake_case name of the offending field, as in the database column. */
  public String field() {
    return field;
  }

  private static String describe(Object seen) {
    if (seen == null) {
      return "missing";
    }
    if (seen instanceof CharSequence s) {
      String text = s.toString();
      if (text.isBlank()) {
        return "blank";
      }
      String shown =
          text.length() > MAX_SHOWN_CHARS ? text.substring(0, MAX_SHOWN_CHARS) + "…" : text;
      return "\"" + shown + "\" (" + text.length() + " characters)";
    }
    return String.valueOf(seen);
  }
}
