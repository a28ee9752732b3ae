package io.sluice.spool;

import java.nio.file.Path;

/**
 * A cycle file is shorter than Chronicle maps it, so its records cannot be read (reading them would
 * crash the JVM). Thrown by {@link Spool#openReadOnly} and, in strict mode, {@link Spool#open}.
 */
public final class TruncatedCycleFileException extends DamagedSpoolFileException {
  private static final long serialVersionUID = 1L;

  public TruncatedCycleFileException(String message, Path file) {
    super(message, file);
  }
}
