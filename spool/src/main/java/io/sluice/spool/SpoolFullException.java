package io.sluice.spool;

/**
 * An append was refused because the spool reached its byte budget ({@code maxSpoolBytes}) or its
 * file system the free-space reserve ({@code minFreeDiskBytes}): at once under {@link
 * SpoolFullPolicy#FAIL}, after {@code blockTimeout} under {@link SpoolFullPolicy#BLOCK}. The record
 * was not appended; nothing already appended is affected. Retry once the consumer has caught up and
 * its committed cycle files are deleted, or once disk space is freed. The message says which limit
 * was reached, with the numbers.
 */
public final class SpoolFullException extends SpoolException {
  private static final long serialVersionUID = 1L;

  public SpoolFullException(String message) {
    super(message);
  }
}
