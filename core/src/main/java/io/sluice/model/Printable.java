package io.sluice.model;

/**
 * Makes text safe to put in an exception message or a log line: control characters (C0, DEL, C1),
 * the Unicode line and paragraph separators and unpaired surrogates become Java-style escapes
 * ({@code \n}, {@code \t}, <code>&#92;u0000</code>), so a value with a NUL or a line break cannot
 * turn a log binary or forge a second log line. Everything else, backslashes included, is left as
 * is, which makes {@link #escape} idempotent.
 */
public final class Printable {
  private Printable() {}

  /** {@code text} with the characters above escaped; {@code null} stays {@code null}. */
  public static String escape(CharSequence text) {
    if (text == null) {
      return null;
    }
    int n = text.length();
    StringBuilder out = null; // made at the first character to escape: most text has none
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        if (out != null) {
          out.append(c).append(text.charAt(i + 1));
        }
        i++;
        continue;
      }
      String escaped = null;
      if (Character.isISOControl(c) || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
        escaped =
            switch (c) {
              case '\n' -> "\\n";
              case '\r' -> "\\r";
              case '\t' -> "\\t";
              default -> String.format("\\u%04x", (int) c);
            };
        if (out == null) {
          out = new StringBuilder(n + 16).append(text, 0, i);
        }
      }
      if (out != null) {
        out.append(escaped != null ? escaped : String.valueOf(c));
      }
    }
    return out == null ? text.toString() : out.toString();
  }

  /** {@code text} escaped, in double quotes; {@code null} as the word null. */
  public static String quote(CharSequence text) {
    return text == null ? "null" : "\"" + escape(text) + "\"";
  }
}
