package io.sluice.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Fresh spool folders for benchmarks, under {@code SLUICE_BENCH_DIR} (default: the JVM's temp
 * folder), deleted after use: the append benchmark writes hundreds of MB per iteration.
 */
final class SpoolDirs {
  private SpoolDirs() {}

  /** A new, empty folder path (not yet created; Sluice creates it owner-only). */
  static Path fresh(String prefix) {
    String base = System.getenv("SLUICE_BENCH_DIR");
    Path parent =
        Path.of(base != null && !base.isBlank() ? base : System.getProperty("java.io.tmpdir"));
    try {
      Files.createDirectories(parent);
      Path dir = Files.createTempDirectory(parent, prefix);
      Files.delete(dir); // Sluice creates it owner-only; we only wanted a unique name
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot create a spool folder under "
              + parent
              + ": "
              + e
              + ". Set SLUICE_BENCH_DIR to a writable folder.",
          e);
    }
  }

  /**
   * Forces every file of {@code dir} to disk (fsync), so that writing back a freshly appended spool
   * does not compete with what is measured next.
   */
  static void sync(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
          ch.force(true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot fsync spool folder " + dir + ": " + e + ".", e);
    }
  }

  /** Deletes {@code dir} and everything in it; a missing folder is fine. */
  static void delete(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot delete spool folder "
              + dir
              + ": "
              + e
              + ". Delete it by hand; it may hold hundreds of MB.",
          e);
    }
  }
}
