package io.sluice.spool;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.openhft.chronicle.core.Jvm;

/**
 * The JVM flags Chronicle Queue needs on Java 17+, checked before a spool folder is touched.
 *
 * <p>Without them Chronicle fails deep inside its first memory mapping ({@code AssertionError:
 * IllegalAccessException: member is private: sun.nio.ch.FileChannelImpl.map0}) after it has already
 * written files into the folder. Checking the module system first turns that into one line naming
 * the flags, and leaves the folder as it was. The list is the parent pom's {@code
 * chronicle.jvm.args}, filtered into {@code chronicle-jvm.args} beside this class at build time:
 * one source for Surefire, the launcher and this check.
 *
 * <p>Also keeps Chronicle's performance notes ("Took 4230 us to grow file", logged at INFO on the
 * appending thread) quiet unless {@code -Ddisable.perf.info=false} asks for them.
 */
final class ChronicleFlags {
  private static final String RESOURCE = "chronicle-jvm.args";
  private static final String PERF_PROPERTY = "disable.perf.info";
  private static final List<String> FLAGS = load();

  private ChronicleFlags() {}

  /** The flags, in the parent pom's order. */
  static List<String> all() {
    return FLAGS;
  }

  /**
   * Throws naming every flag when one this JVM lacks is needed to open {@code dir}.
   *
   * @throws SpoolException before anything is read or written in {@code dir}
   */
  static void check(Path dir) {
    List<String> missing = missing();
    if (!missing.isEmpty()) {
      throw new SpoolException(
          "Cannot open spool "
              + dir
              + ": this JVM was started without the flags Chronicle Queue needs on Java 17+"
              + " (missing "
              + String.join(" ", missing)
              + "). Start java with: "
              + String.join(" ", FLAGS));
    }
    if (System.getProperty(PERF_PROPERTY) == null) {
      System.setProperty(PERF_PROPERTY, "true");
      Jvm.disablePerfHandler(); // in case Chronicle was initialised before the property was set
    }
  }

  /** The {@code --add-exports}/{@code --add-opens} flags this JVM does not honour. */
  static List<String> missing() {
    Module chronicle = Jvm.class.getModule(); // a class literal: Chronicle is not initialised
    List<String> missing = new ArrayList<>();
    for (String flag : FLAGS) {
      boolean opens = flag.startsWith("--add-opens=");
      if (!opens && !flag.startsWith("--add-exports=")) {
        continue; // -D switches: Chronicle works without them
      }
      String target = flag.substring(flag.indexOf('=') + 1); // java.base/sun.nio.ch=ALL-UNNAMED
      int slash = target.indexOf('/');
      int eq = target.indexOf('=');
      Optional<Module> module = ModuleLayer.boot().findModule(target.substring(0, slash));
      if (module.isEmpty()) {
        continue; // e.g. a runtime image without jdk.compiler: the flag cannot apply
      }
      String pkg = target.substring(slash + 1, eq);
      boolean granted =
          opens ? module.get().isOpen(pkg, chronicle) : module.get().isExported(pkg, chronicle);
      if (!granted) {
        missing.add(flag);
      }
    }
    return missing;
  }

  private static List<String> load() {
    try (InputStream in = ChronicleFlags.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE
                + " is missing beside "
                + ChronicleFlags.class.getName()
                + " (expected in the sluice-spool jar). Rebuild or re-download sluice-spool.");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      return List.of(text.split("\\s+"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE + " from the sluice-spool jar", e);
    }
  }
}
