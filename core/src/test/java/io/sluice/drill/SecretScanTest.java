package io.sluice.drill;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The secrets drill passes only if its scan would have seen a leak. */
class SecretScanTest {
  @Test
  void passwordInAnyText_failsNamingWhereWithThePasswordMasked() {
    SecretScan scan = new SecretScan();
    String password = scan.newPassword();
    scan.add("clean", "url=jdbc:postgresql://db/x password=****");
    scan.add("leaky log", "connecting with password=" + password + " to db");
    AssertionFailedError e = assertThrows(AssertionFailedError.class, scan::assertNoPassword);
    assertTrue(e.getMessage().contains("leaky log"), e.getMessage());
    assertFalse(e.getMessage().contains(password.substring(3)), "the failure shows the password");
  }

  @Test
  void halfMaskedPassword_isALeakToo() {
    SecretScan scan = new SecretScan();
    String password = scan.newPassword();
    scan.add("status", "password=pw-***" + password.substring(3));
    assertThrows(AssertionFailedError.class, scan::assertNoPassword);
  }
}
