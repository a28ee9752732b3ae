package io.sluice.spool;

/**
 * Root of the spool's unchecked exceptions. An I/O failure is wrapped in one of these with the path
 * it happened on; the message says what to do next. Control characters in the message (from a path,
 * say) are escaped as {@code \n}, {@code \t} or {@code \\uXXXX}: messages are one printable line.
 */
public class SpoolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SpoolException(String message) {
    super(printable(message));
  }

  public SpoolException(String message, Throwable cause) {
    super(printable(message), cause);
  }

  // The same rules as sluice-core's Printable, which this module cannot see (core depends on it).
  private static String printable(String message) {
    if (message == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(message.length());
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < message.length()
          && Character.isLowSurrogate(message.charAt(i + 1))) {
        out.append(c).append(message.charAt(++i));
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (Character.isISOControl(c)
          || Character.isSurrogate(c)
          || c == '\u2028'
          || c == '\u2029') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
