package io.sluice.cli.load;

import io.sluice.cli.common.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Deletes a folder the demo made on an earlier run, so each run starts fresh, but only when it is
 * recognisably the demo's own (empty, or holding its marker file): a wrong path must never cost a
 * user their files.
 */
final class FreshFolder {
  private FreshFolder() {}

  /**
   * Removes {@code dir} if it is missing (nothing to do), empty, or {@code isOurs}.
   *
   * @param ours what the demo's own folder is, for the message ("a Sluice spool")
   * @throws ConfigurationException if it holds something else
   */
  static void delete(Path dir, String ours, Predicate<Path> isOurs) {
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.isDirectory(dir) || !(isEmpty(dir) || isOurs.test(dir))) {
      throw new ConfigurationException(
          "Cannot start fresh in "
              + dir
              + ": it holds files the demo did not make (expected an"
              + " empty folder or "
              + ours
              + "). Move them away or delete the folder.");
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new ConfigurationException(
          "Cannot delete " + dir + " from the last demo run: " + e + ". Delete it by hand.", e);
    }
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
