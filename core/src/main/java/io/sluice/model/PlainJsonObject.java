package io.sluice.model;

/**
 * The fast path of {@link EventRules#jsonObject}: one pass over the characters of a JSON field that
 * answers either "certainly a JSON object Jackson accepts and jsonb can store" or "not sure". Not
 * sure sends the text to the full Jackson check, which decides and writes the error message; so
 * this class never refuses anything and never words an error, and every rule stays Jackson's.
 *
 * <p>Hand-written because it runs on every event an application builds: Jackson's token walk made a
 * parser, a copy of the text and a {@code String} per name and value, ~700 bytes and about half of
 * a validated append. This pass allocates nothing. It accepts only strict RFC 8259 JSON, well
 * inside Jackson's default limits (nesting, name and number lengths): a {@code \}u escape of NUL or
 * of a surrogate, or a lone surrogate character, makes it unsure rather than decide what jsonb
 * stores. {@code PlainJsonObjectTest} checks it against Jackson on mutated inputs.
 */
final class PlainJsonObject {
  /** Longer text goes to Jackson: its own limits (e.g. 20M chars per string) then apply. */
  static final int MAX_CHARS = 1 << 20;

  /** Jackson's limit is 64 (the nesting depth EventRules configures); stay well inside it. */
  static final int MAX_DEPTH = 32;

  /** Jackson's defaults are 50,000 (names) and 1,000 (numbers); stay well inside them. */
  static final int MAX_NAME_CHARS = 1_000;

  static final int MAX_NUMBER_CHARS = 100;

  private static final int UNSURE = -1;

  private PlainJsonObject() {}

  /** True if {@code s} is certainly one JSON object, alone but for whitespace, jsonb can store. */
  static boolean certainly(String s) {
    int n = s.length();
    if (n > MAX_CHARS) {
      return false;
    }
    int i = space(s, 0);
    if (i >= n || s.charAt(i) != '{') {
      return false;
    }
    i = object(s, i, 1);
    return i >= 0 && space(s, i) == n;
  }

  private static int value(String s, int i, int depth) {
    if (i >= s.length()) {
      return UNSURE;
    }
    return switch (s.charAt(i)) {
      case '{' -> object(s, i, depth + 1);
      case '[' -> array(s, i, depth + 1);
      case '"' -> string(s, i, Integer.MAX_VALUE);
      case 't' -> literal(s, i, "true");
      case 'f' -> literal(s, i, "false");
      case 'n' -> literal(s, i, "null");
      default -> number(s, i);
    };
  }

  /** {@code s.charAt(i)} is '{'. Returns the index after its '}', or UNSURE. */
  private static int object(String s, int i, int depth) {
    if (depth > MAX_DEPTH) {
      return UNSURE;
    }
    int n = s.length();
    i = space(s, i + 1);
    if (i < n && s.charAt(i) == '}') {
      return i + 1;
    }
    while (true) {
      if (i >= n || s.charAt(i) != '"') {
        return UNSURE;
      }
      i = string(s, i, MAX_NAME_CHARS);
      if (i < 0) {
        return UNSURE;
      }
      i = space(s, i);
      if (i >= n || s.charAt(i) != ':') {
        return UNSURE;
      }
      i = value(s, space(s, i + 1), depth);
      if (i < 0) {
        return UNSURE;
      }
      i = space(s, i);
      if (i >= n) {
        return UNSURE;
      }
      char c = s.charAt(i);
      if (c == '}') {
        return i + 1;
      } else if (c != ',') {
        return UNSURE;
      }
      i = space(s, i + 1);
    }
  }

  /** {@code s.charAt(i)} is '['. Returns the index after its ']', or UNSURE. */
  private static int array(String s, int i, int depth) {
    if (depth > MAX_DEPTH) {
      return UNSURE;
    }
    int n = s.length();
    i = space(s, i + 1);
    if (i < n && s.charAt(i) == ']') {
      return i + 1;
    }
    while (true) {
      i = value(s, i, depth);
      if (i < 0) {
        return UNSURE;
      }
      i = space(s, i);
      if (i >= n) {
        return UNSURE;
      }
      char c = s.charAt(i);
      if (c == ']') {
        return i + 1;
      } else if (c != ',') {
        return UNSURE;
      }
      i = space(s, i + 1);
    }
  }

  /** {@code s.charAt(i)} is '"'. Returns the index after the closing quote, or UNSURE. */
  private static int string(String s, int i, int maxChars) {
    int n = s.length();
    int start = ++i;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '"') {
        return i - start > maxChars ? UNSURE : i + 1;
      } else if (c == '\\') {
        i = escape(s, i);
        if (i < 0) {
          return UNSURE;
        }
      } else if (c < 0x20) {
        return UNSURE; // a raw control character (NUL among them)
      } else if (Character.isSurrogate(c)) {
        boolean pair =
            Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1));
        if (!pair) {
          return UNSURE;
        }
        i += 2;
      } else {
        i++;
      }
    }
    return UNSURE;
  }

  /** {@code s.charAt(i)} is '\'. Returns the index after the escape, or UNSURE. */
  private static int escape(String s, int i) {
    if (i + 1 >= s.length()) {
      return UNSURE;
    }
    switch (s.charAt(i + 1)) {
      case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
        return i + 2;
      }
      case 'u' -> {
        if (i + 6 > s.length()) {
          return UNSURE;
        }
        int v = 0;
        for (int k = i + 2; k < i + 6; k++) {
          int d = Character.digit(s.charAt(k), 16);
          if (d < 0 || s.charAt(k) > 'f') { // Character.digit also takes non-ASCII digits
            return UNSURE;
          }
          v = v << 4 | d;
        }
        // NUL and surrogates (paired or not) are left to Jackson and the jsonb rule.
        return v == 0 || (v >= Character.MIN_SURROGATE && v <= Character.MAX_SURROGATE)
            ? UNSURE
            : i + 6;
      }
      default -> {
        return UNSURE;
      }
    }
  }

  private static int literal(String s, int i, String word) {
    return s.startsWith(word, i) ? i + word.length() : UNSURE;
  }

  /** RFC 8259: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}. */
  private static int number(String s, int i) {
    int n = s.length();
    int start = i;
    if (i < n && s.charAt(i) == '-') {
      i++;
    }
    if (i >= n) {
      return UNSURE;
    }
    char c = s.charAt(i);
    if (c == '0') {
      i++;
    } else if (c >= '1' && c <= '9') {
      i = digits(s, i);
    } else {
      return UNSURE;
    }
    if (i < n && s.charAt(i) == '.') {
      int from = i + 1;
      i = digits(s, from);
      if (i == from) {
        return UNSURE;
      }
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int from = i;
      i = digits(s, from);
      if (i == from) {
        return UNSURE;
      }
    }
    return i - start > MAX_NUMBER_CHARS ? UNSURE : i;
  }

  private static int digits(String s, int i) {
    int n = s.length();
    while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i;
  }

  /** The index of the first character at or after {@code i} that is not JSON whitespace. */
  private static int space(String s, int i) {
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return i;
      }
      i++;
    }
    return i;
  }
}
