package io.sluice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * JVM options that let the tests' child JVMs (drills, {@code bin/sluice}) start from a class-data
 * archive (AppCDS, JDK 13+): classes the first child loaded are mapped, already parsed and
 * verified, instead of being read from the jars again. A child of the drills or ITs spends most of
 * its start loading Chronicle, Flyway, JDBI and the driver; on 2 shared cores this takes about a
 * third of its CPU off each start. It changes nothing the child does once started.
 *
 * <p>The archive is made once per test JVM, by one warm-up child run to completion with {@code
 * -XX:ArchiveClassesAtExit}, in a temporary folder of this JVM (so never stale: a rebuilt jar makes
 * an archive unusable). A child whose class path or JDK differs from the warm-up's simply does not
 * use it (CDS's own check); {@code -Xlog:cds=off} keeps that from printing a warning into the
 * output the tests read. If the warm-up leaves no archive, the options are empty.
 */
public final class ClassDataArchive {
  private static final Map<String, List<String>> OPTIONS = new HashMap<>();

  private ClassDataArchive() {}

  /**
   * The options for children of kind {@code name}: the first call runs {@code warmUp} with the
   * option that writes the archive (it must start one child with it and wait for it to exit).
   */
  public static synchronized List<String> options(String name, Consumer<String> warmUp) {
    return OPTIONS.computeIfAbsent(name, n -> make(n, warmUp));
  }

  private static List<String> make(String name, Consumer<String> warmUp) {
    try {
      Path dir = Files.createTempDirectory("sluice-cds-");
      Path archive = dir.resolve(name + ".jsa");
      dir.toFile().deleteOnExit();
      archive.toFile().deleteOnExit();
      warmUp.accept("-XX:ArchiveClassesAtExit=" + archive);
      if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
        return List.of();
      }
      return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off,cds+dynamic=off");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a class-data archive for " + name, e);
    }
  }
}
