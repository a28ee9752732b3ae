package io.sluice.inspect;

import io.sluice.internal.codec.CorruptRecordException;
import io.sluice.internal.codec.EventDecoder;
import io.sluice.internal.drain.DeadLetterSpool;
import io.sluice.model.DeadLetter;
import io.sluice.model.SluiceException;
import io.sluice.model.SpooledEvent;
import io.sluice.spool.SpoolAccessException;
import io.sluice.spool.SpoolDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A spool's dead letters (folder {@code dead-letters} inside the spool): the events the drainer set
 * aside, with why. Read them, decode them, see which were replayed, replay them ({@link
 * DeadLetterReplay}) or purge them. Reading never writes; a purge rebuilds the folder (see {@link
 * #purge}).
 *
 * <p>Errors: {@link SpoolAccessException} when the folder cannot be used as asked (missing, not a
 * spool, permission, an interrupted purge to finish by hand); {@link SluiceException} when letters
 * cannot be read or written. Messages name the path and what to do. Not for concurrent use on one
 * spool: one dead-letter tool at a time.
 */
public final class DeadLetters {
  /** Where an interrupted purge leaves the letters it was replacing (see {@link #purge}). */
  public static final String PURGE_OLD = DeadLetterSpool.FOLDER + ".purge-old";

  private DeadLetters() {}

  /** The dead-letter folder of the spool in {@code spoolDir}. */
  public static Path folder(Path spoolDir) {
    return DeadLetterSpool.folder(spoolDir);
  }

  /** Every dead letter, oldest first; empty when the spool has none (no folder yet). */
  public static List<DeadLetter> read(Path spoolDir) {
    Path folder = folder(spoolDir);
    if (!SpoolDirectory.isSpool(folder)) {
      Path old = spoolDir.resolve(PURGE_OLD);
      if (Files.isDirectory(old)) {
        throw new SpoolAccessException(
            "A 'sluice dlq purge' of "
                + spoolDir
                + " was interrupted: "
                + folder
                + " is missing"
                + " and the previous dead letters are in "
                + old
                + " (expected one of them)."
                + " Rename "
                + old.getFileName()
                + " back to "
                + folder.getFileName()
                + ", then run the purge again.");
      }
      return List.of();
    }
    SpoolDirectory.checkReadable(folder);
    List<DeadLetter> letters = new ArrayList<>();
    try (DeadLetterSpool spool = DeadLetterSpool.openReadOnly(spoolDir)) {
      spool.forEach(letters::add);
    } catch (IllegalStateException e) {
      throw new SluiceException(
          "Cannot read the dead letters in "
              + folder
              + ": "
              + e.getMessage()
              + " after "
              + letters.size()
              + " good ones. Run 'sluice verify --spool "
              + folder
              + "'.",
          e);
    } catch (RuntimeException e) {
      throw new SpoolAccessException(
          "Cannot open the dead letters in " + folder + ": " + oneLine(e.getMessage()) + ".", e);
    }
    return letters;
  }

  /**
   * How many dead letters the spool holds: 0 without a folder, -1 when they cannot be read (then
   * {@link #read} says why).
   */
  public static long count(Path spoolDir) {
    if (!SpoolDirectory.isSpool(folder(spoolDir))) {
      return 0;
    }
    try (DeadLetterSpool letters = DeadLetterSpool.openReadOnly(spoolDir)) {
      return letters.count();
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** The event inside {@code d}, or {@code null} when its record does not decode (DAMAGED). */
  public static SpooledEvent decode(DeadLetter d) {
    try {
      return new EventDecoder().decode(d.record());
    } catch (CorruptRecordException e) {
      return null;
    }
  }

  /** The letters replayed so far (see {@link ReplayLog}), by original index; empty when none. */
  public static Map<Long, ReplayLog.Entry> replayed(Path spoolDir) {
    return ReplayLog.read(folder(spoolDir));
  }

  /**
   * Deletes every dead letter but {@code kept} for good, keeping the replay marks of those kept.
   * Chronicle Queue cannot delete single records, so the folder is rebuilt without them and swapped
   * in ({@link DeadLetterRewrite} draws the steps and what a crash leaves).
   *
   * @param kept letters as {@link #read} returned them, in that order
   * @throws SluiceException while a live process drains the spool (it holds the letters open), or
   *     when the rewrite fails
   * @throws SpoolAccessException when this user cannot write the spool
   */
  public static void purge(Path spoolDir, List<DeadLetter> kept) {
    LiveProcesses.in(spoolDir)
        .drainer()
        .ifPresent(
            p -> {
              throw new SluiceException(
                  "Cannot purge dead letters of "
                      + spoolDir
                      + " while process "
                      + p.pid()
                      + " ("
                      + p.instance()
                      + ") drains it: it holds them open (expected no"
                      + " live drainer). Stop it, run the purge, then start it again.");
            });
    SpoolDirectory.checkWritable(spoolDir);
    try {
      DeadLetterRewrite.replace(spoolDir, kept, replayed(spoolDir));
    } catch (IOException e) {
      throw new SluiceException(
          "Cannot rebuild the dead letters of "
              + spoolDir
              + ": "
              + e
              + ". If "
              + spoolDir.resolve(PURGE_OLD)
              + " exists, rename it back to "
              + DeadLetterSpool.FOLDER
              + ".",
          e);
    }
  }

  /** Error output is one line: Chronicle messages can span several. */
  static String oneLine(String message) {
    return message == null ? "(no message)" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
