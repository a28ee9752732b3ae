package io.sluice.spool;

import java.nio.file.Path;

/**
 * A spool file is damaged (a cycle file or Chronicle's {@code metadata.cq4t}), so the spool cannot
 * be read safely as it is. Thrown by {@link Spool#openReadOnly} and, in strict mode, {@link
 * Spool#open}; a writable open otherwise repairs it (see {@link SpoolRepair}). The message names
 * the file, what could and could not be read, and what to do.
 */
public class DamagedSpoolFileException extends SpoolCorruptedException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  public DamagedSpoolFileException(String message, Path file) {
    super(message);
    this.file = file;
  }

  /** The damaged file. */
  public Path file() {
    return file;
  }
}
