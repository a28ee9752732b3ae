package io.sluice.drill;

import static org.junit.jupiter.api.Assertions.fail;

import io.sluice.testing.ClassDataArchive;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A child JVM running one of the drills' main classes on the test classpath, with the Chronicle JVM
 * flags of this JVM, its stdout and stderr merged into one file the test reads (so nothing blocks
 * on a full pipe, and a killed child leaves its output behind).
 *
 * <p>The child gets the environment of this JVM minus every {@code SLUICE_*} and {@code POSTGRES_*}
 * variable, plus {@code env}: credentials travel in the environment, never on the command line
 * (which {@code ps} shows). Not thread-safe.
 *
 * <p>Children with the Chronicle flags start from a class-data archive ({@link ClassDataArchive})
 * written by one warm-up child per test JVM: a third less CPU per start, nothing else changed.
 */
final class ChildJvm implements AutoCloseable {
  private static final Duration EXIT_WAIT = Duration.ofSeconds(30);

  private final Process process;
  private final Path output;
  private final String name;
  private UnaryOperator<String> shown = UnaryOperator.identity();

  private ChildJvm(String name, Process process, Path output) {
    this.name = name;
    this.process = process;
    this.output = output;
  }

  /**
   * Starts {@code mainClass} with {@code args}; output goes to {@code output}.
   *
   * @param jvmOptions extra JVM options (e.g. {@code -Dlogback.configurationFile=...})
   */
  static ChildJvm start(
      Class<?> mainClass,
      List<String> args,
      Map<String, String> env,
      Path output,
      List<String> jvmOptions) {
    return start(mainClass, args, env, output, jvmOptions, true, entry -> true);
  }

  /**
   * Like {@link #start(Class, List, Map, Path, List)}, optionally without the Chronicle flags and
   * with only the test class path entries {@code keep} accepts (e.g. to leave out a logging
   * provider).
   */
  static ChildJvm start(
      Class<?> mainClass,
      List<String> args,
      Map<String, String> env,
      Path output,
      List<String> jvmOptions,
      boolean withChronicleFlags,
      Predicate<String> keep) {
    List<String> options = new ArrayList<>();
    if (withChronicleFlags) {
      options.addAll(ClassDataArchive.options("drill-child", ChildJvm::warmUp));
    }
    options.addAll(jvmOptions);
    ProcessBuilder pb = command(mainClass, args, options, withChronicleFlags, keep);
    Map<String, String> childEnv = pb.environment();
    childEnv.putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(output.toFile());
    try {
      return new ChildJvm(mainClass.getSimpleName(), pb.start(), output);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a child JVM for " + mainClass.getName(), e);
    }
  }

  private static ProcessBuilder command(
      Class<?> mainClass,
      List<String> args,
      List<String> jvmOptions,
      boolean withChronicleFlags,
      Predicate<String> keep) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (withChronicleFlags) {
      command.addAll(chronicleFlags());
    }
    // Small, quick-starting children: the drills start dozens of them on 2 shared cores.
    command.addAll(
        List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData"));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(
        Arrays.stream(testClassPath().split(File.pathSeparator))
            .filter(keep)
            .collect(Collectors.joining(File.pathSeparator)));
    command.add(mainClass.getName());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("SLUICE_") || k.startsWith("POSTGRES_"));
    return pb;
  }

  /**
   * The child that writes the drills' class-data archive ({@link ClassDataArchive}): a writer of
   * {@link SpoolPeerChild} appending 10 events to a spool of its own (no database), run to its end.
   */
  private static void warmUp(String archiveOption) {
    try {
      Path dir = Files.createTempDirectory("sluice-cds-warm-up-");
      Path gate = Files.createFile(dir.resolve("gate"));
      Path spool = dir.resolve("spool");
      ProcessBuilder pb =
          command(
              SpoolPeerChild.class,
              List.of("writer", spool.toString(), gate.toString(), "warm-up", "10", "0"),
              List.of(archiveOption),
              true,
              entry -> true);
      pb.redirectErrorStream(true);
      pb.redirectOutput(dir.resolve("output.txt").toFile());
      Process p = pb.start();
      if (!p.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      }
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the warm-up child JVM", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Surefire runs tests from a manifest-only jar, so {@code java.class.path} is that jar; the real
   * test classpath is in {@code surefire.test.class.path}.
   */
  private static String testClassPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }

  /** This JVM's {@code --add-exports}, {@code --add-opens} and {@code -Dchronicle.*} flags. */
  static List<String> chronicleFlags() {
    List<String> flags = new ArrayList<>();
    Iterator<String> it = ManagementFactory.getRuntimeMXBean().getInputArguments().iterator();
    while (it.hasNext()) {
      String arg = it.next();
      if (arg.equals("--add-exports") || arg.equals("--add-opens")) {
        flags.add(arg);
        if (it.hasNext()) {
          flags.add(it.next());
        }
      } else if (arg.startsWith("--add-exports=")
          || arg.startsWith("--add-opens=")
          || arg.startsWith("-Dchronicle.")) {
        flags.add(arg);
      }
    }
    if (flags.stream().noneMatch(f -> f.startsWith("--add-"))) {
      fail(
          "this JVM has no --add-exports/--add-opens flags to pass to the child: run the drills"
              + " through Maven (Surefire adds the parent pom's chronicle.jvm.args)");
    }
    return flags;
  }

  /** Waits until the output has a line starting with {@code prefix}, and returns that line. */
  String awaitLine(String prefix, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (String line : lines()) {
        if (line.startsWith(prefix)) {
          return line;
        }
      }
      if (!process.isAlive()) {
        fail(
            name
                + " exited with "
                + process.exitValue()
                + " before printing \""
                + prefix
                + "\"; its output ends with:\n"
                + tail(40));
      }
      if (System.nanoTime() - deadline > 0) {
        fail(
            name
                + " did not print \""
                + prefix
                + "\" within "
                + timeout
                + "; its output ends with:\n"
                + tail(40));
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  /** Waits for the child to exit by itself and returns its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      fail(name + " did not exit within " + timeout + "; its output ends with:\n" + tail(40));
    }
    return process.exitValue();
  }

  /** {@code kill -9}: the JVM gets no chance to run shutdown hooks or close files. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      fail(name + " (pid " + process.pid() + ") still alive " + EXIT_WAIT + " after SIGKILL");
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Passes the output quoted in failure messages through {@code mask} (to hide a password). */
  ChildJvm masking(UnaryOperator<String> mask) {
    this.shown = mask;
    return this;
  }

  /** Everything the child printed so far. */
  String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read child output " + output, e);
    }
  }

  private List<String> lines() {
    return output().lines().toList();
  }

  String tail(int lines) {
    List<String> all = lines();
    return shown.apply(String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())));
  }

  /** Kills the child if it still runs; for {@code finally} blocks. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
