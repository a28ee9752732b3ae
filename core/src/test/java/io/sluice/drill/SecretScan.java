package io.sluice.drill;

import static org.junit.jupiter.api.Assertions.fail;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Collects every text a secrets drill captured (toString, error messages, stack traces, logs, a
 * child's output) and fails if a password, or its random part alone, appears in any of them. A
 * failure names where and shows the surrounding text with the password masked, so the test's own
 * output never carries it either. Not thread-safe.
 */
final class SecretScan {
  private final List<String> secrets = new ArrayList<>();
  private final List<String[]> texts = new ArrayList<>();

  /**
   * A fresh distinctive password, {@code pw-} and 24 random hex digits; scanned for from now on.
   */
  String newPassword() {
    byte[] random = new byte[12];
    new SecureRandom().nextBytes(random);
    String hex = HexFormat.of().formatHex(random);
    secrets.add(hex); // the random part alone: a half-masked password still leaks
    return "pw-" + hex;
  }

  void add(String where, String text) {
    texts.add(new String[] {where, String.valueOf(text)});
  }

  /** The message and full stack trace of {@code e}, causes and suppressed included. */
  void add(String where, Throwable e) {
    java.io.StringWriter out = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(out));
    add(where, out.toString());
  }

  /** {@code text} with every password masked: for failure messages that quote captured text. */
  String mask(Object text) {
    String masked = String.valueOf(text);
    for (String secret : secrets) {
      masked = masked.replace(secret, "<PASSWORD>");
    }
    return masked;
  }

  int size() {
    return texts.size();
  }

  /** Fails naming the first text that holds a password. */
  void assertNoPassword() {
    for (String[] text : texts) {
      for (String secret : secrets) {
        int at = text[1].indexOf(secret);
        if (at >= 0) {
          String around =
              text[1].substring(
                  Math.max(0, at - 120), Math.min(text[1].length(), at + secret.length() + 120));
          fail(
              "a password appears in "
                  + text[0]
                  + " at offset "
                  + at
                  + ": ..."
                  + mask(around)
                  + "...");
        }
      }
    }
  }
}
