package io.sluice.cli.common;

/**
 * A setting the user must fix before running again (a bad environment variable, a folder that is
 * not a spool, an unreadable password file). Reported as one line with exit code 2.
 */
public final class ConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
