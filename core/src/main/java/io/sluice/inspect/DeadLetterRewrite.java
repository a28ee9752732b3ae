package io.sluice.inspect;

import io.sluice.internal.drain.DeadLetterSpool;
import io.sluice.model.DeadLetter;
import io.sluice.model.SluiceException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replaces a spool's dead-letter folder with one holding only {@code kept}, for {@code dlq purge}.
 *
 * <pre>
 * 1. build  SPOOL/dead-letters.purge-tmp/dead-letters   (new dead-letter spool + replay marks)
 * 2. rename SPOOL/dead-letters     -> SPOOL/dead-letters.purge-old
 * 3. rename SPOOL/dead-letters.purge-tmp/dead-letters -> SPOOL/dead-letters
 * 4. delete SPOOL/dead-letters.purge-old and SPOOL/dead-letters.purge-tmp
 * </pre>
 *
 * A crash in 1 leaves the old folder in place (the next purge deletes the leftover temp folder); a
 * crash between 2 and 3 leaves no dead-letters folder and the old letters in {@code
 * dead-letters.purge-old}, which {@link DeadLetters#read} reports with the fix. Both renames stay
 * inside the spool folder, so they are atomic on one file system. The caller makes sure no drainer
 * holds the folder open.
 */
final class DeadLetterRewrite {
  static final String TMP = DeadLetterSpool.FOLDER + ".purge-tmp";

  private DeadLetterRewrite() {}

  static void replace(Path spoolDir, List<DeadLetter> kept, Map<Long, ReplayLog.Entry> replayed)
      throws IOException {
    Path tmpParent = spoolDir.resolve(TMP);
    Path old = spoolDir.resolve(DeadLetters.PURGE_OLD);
    Path folder = DeadLetterSpool.folder(spoolDir);
    deleteTree(tmpParent);
    deleteTree(old);
    Files.createDirectories(tmpParent);
    List<ReplayLog.Entry> marks = new ArrayList<>();
    try (DeadLetterSpool fresh = DeadLetterSpool.open(tmpParent)) {
      for (DeadLetter d : kept) {
        fresh.append(d);
        ReplayLog.Entry mark = replayed.get(d.spoolIndex());
        if (mark != null) {
          marks.add(mark);
        }
      }
    } catch (RuntimeException e) {
      throw new SluiceException(
          "Cannot build the new dead-letter folder in "
              + tmpParent
              + ": "
              + DeadLetters.oneLine(e.getMessage())
              + ". Nothing was deleted; check free disk.",
          e);
    }
    Path built = DeadLetterSpool.folder(tmpParent);
    if (!marks.isEmpty()) {
      ReplayLog.write(built, marks);
    }
    Files.move(folder, old, StandardCopyOption.ATOMIC_MOVE);
    Files.move(built, folder, StandardCopyOption.ATOMIC_MOVE);
    deleteTree(old);
    deleteTree(tmpParent);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
