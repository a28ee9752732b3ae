package io.sluice.inspect;

import io.sluice.model.DeadLetter;
import io.sluice.model.SluiceException;
import io.sluice.spool.Spool;
import io.sluice.spool.SpoolAccessException;
import io.sluice.spool.SpoolConfig;
import io.sluice.spool.SpoolCorruptedException;
import io.sluice.spool.SpoolException;
import io.sluice.spool.SpoolFullException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Re-injects dead letters into the main spool: appends each letter's original record bytes (same
 * event, same id), where the drainer picks it up like any new event, and marks it in the {@link
 * ReplayLog} so a second replay skips it.
 *
 * <p>The event keeps its id. That cannot collide with a row in PostgreSQL: a dead letter's row was
 * never written (its insert was rejected), so the key (id, recorded_at) is free. If the same letter
 * were re-injected twice (see {@link ReplayLog} on crashes), the second copy would be refused by
 * that key and come back as a dead letter, never as a second row. Safe while a drainer runs: the
 * spool takes appends from several processes, within its byte budget like any writer.
 */
public final class DeadLetterReplay {
  /**
   * What a replay did.
   *
   * @param replayed letters re-injected
   * @param firstNewIndex main-spool index of the first copy, -1 when none
   * @param lastNewIndex main-spool index of the last copy, -1 when none
   */
  public record Result(int replayed, long firstNewIndex, long lastNewIndex) {}

  private DeadLetterReplay() {}

  /**
   * Appends {@code letters} to the main spool {@code mainSpool} describes, in order, marking each.
   *
   * @param progress told the count done after each letter
   * @throws SluiceException when the spool refuses an append (full) or the replay log cannot be
   *     written; the letters replayed before are marked, so the same call can be run again
   * @throws SpoolAccessException when the main spool cannot be opened for writing
   */
  public static Result replay(
      SpoolConfig mainSpool, List<DeadLetter> letters, Clock clock, IntConsumer progress) {
    if (letters.isEmpty()) {
      return new Result(0, -1, -1);
    }
    Path dir = mainSpool.directory();
    int replayed = 0;
    long first = -1;
    long last = -1;
    try (Spool spool = openMain(mainSpool);
        ReplayLog log = ReplayLog.append(DeadLetters.folder(dir))) {
      for (DeadLetter d : letters) {
        long index = spool.append(d.record());
        if (index == Spool.DROPPED) {
          throw full(dir, replayed, letters.size(), "the full-spool policy DROP_NEWEST dropped it");
        }
        log.add(new ReplayLog.Entry(d.spoolIndex(), index, clock.instant()));
        first = first < 0 ? index : first;
        last = index;
        progress.accept(++replayed);
      }
    } catch (SpoolFullException e) {
      throw full(dir, replayed, letters.size(), DeadLetters.oneLine(e.getMessage()));
    } catch (IOException e) {
      throw new SluiceException(
          "Cannot write the replay log "
              + ReplayLog.file(DeadLetters.folder(dir))
              + " after "
              + replayed
              + " of "
              + letters.size()
              + " dead letters: "
              + e
              + ". Check the folder's"
              + " permissions and free disk; the letter being replayed may be re-injected once"
              + " more by the next replay (its copy is then refused by the primary key, never a"
              + " second row).",
          e);
    }
    return new Result(replayed, first, last);
  }

  private static Spool openMain(SpoolConfig config) {
    try {
      return Spool.open(config);
    } catch (SpoolAccessException | SpoolCorruptedException e) {
      throw e;
    } catch (SpoolException e) {
      throw new SpoolAccessException(DeadLetters.oneLine(e.getMessage()), e);
    }
  }

  private static SluiceException full(Path dir, int done, int of, String why) {
    return new SluiceException(
        "Replay into "
            + dir
            + " stopped after "
            + done
            + " of "
            + of
            + " dead letters: "
            + why
            + ". Those replayed are marked; let the drainer free space, then run the same"
            + " command again.");
  }
}
