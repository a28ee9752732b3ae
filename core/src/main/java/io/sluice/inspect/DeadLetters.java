package io.sluice.inspect;

import io.sluice.cli.common.CommandFailedException;
import io.sluice.cli.common.ConfigurationException;
import io.sluice.cli.common.ErrorReporter;
import io.sluice.spool.SpoolDirectory;
import io.sluice.internal.codec.CorruptRecordException;
import io.sluice.internal.codec.EventDecoder;
import io.sluice.model.SpooledEvent;
import io.sluice.internal.drain.DeadLetter;
import io.sluice.internal.drain.DeadLetterSpool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a spool's dead letters (folder {@code dead-letters}, see {@link DeadLetterSpool}) for the
 * {@code dlq} commands, read-only, with one-line errors.
 */
public final class DeadLetters {
  /** Where an interrupted purge leaves the letters it was replacing (see {@link DlqPurgeCommand}). */
  public static final String PURGE_OLD = DeadLetterSpool.FOLDER + ".purge-old";

  private DeadLetters() {}

  public static Path folder(Path spoolDir) {
    return DeadLetterSpool.folder(spoolDir);
  }

  /** Every dead letter, oldest first; empty when the spool has none (no folder yet). */
  static List<DeadLetter> read(Path spoolDir) {
    Path folder = folder(spoolDir);
    if (!Files.exists(folder.resolve(ReadOnlySpool.METADATA))) {
      Path old = spoolDir.resolve(PURGE_OLD);
      if (Files.isDirectory(old)) {
        throw new ConfigurationException(
            "A 'sluice dlq purge' of " + spoolDir + " was interrupted: " + folder + " is missing"
                + " and the previous dead letters are in " + old + " (expected one of them)."
                + " Rename " + old.getFileName() + " back to " + folder.getFileName()
                + ", then run the purge again.");
      }
      return List.of();
    }
    ReadOnlySpool.check(folder);
    List<DeadLetter> letters = new ArrayList<>();
    try (DeadLetterSpool spool = DeadLetterSpool.openReadOnly(spoolDir)) {
      spool.forEach(letters::add);
    } catch (IllegalStateException e) {
      throw new CommandFailedException(
          "Cannot read the dead letters in " + folder + ": " + e.getMessage() + " after "
              + letters.size() + " good ones. Run 'sluice verify --spool " + folder + "'.",
          e);
    } catch (RuntimeException e) {
      throw new ConfigurationException(
          "Cannot open the dead letters in " + folder + ": " + ErrorReporter.oneLine(e.getMessage())
              + ".",
          e);
    }
    return letters;
  }

  /** The event inside {@code d}, or {@code null} when its record does not decode (DAMAGED). */
  static SpooledEvent decode(DeadLetter d) {
    try {
      return new EventDecoder().decode(d.record());
    } catch (CorruptRecordException e) {
      return null;
    }
  }
}
