package io.sluice.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.ProfilersFailedException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The entry point of {@code bench/target/benchmarks.jar}: JMH's own command line ({@code -h},
 * {@code -l}, {@code -f}, {@code -prof} ... exactly as {@code org.openjdk.jmh.Main}), plus the
 * Chronicle JVM flags appended to every forked JVM.
 *
 * <p>The flags come from the resource {@code io/sluice/bench/jvm.args}, a Maven-filtered copy of
 * the parent pom's {@code chronicle.jvm.args}, so they are defined in one place. Flags given with
 * {@code -jvmArgsAppend} on the command line are kept and come after them. With {@code -f 0} the
 * benchmark runs in this JVM, which must then be started with the flags itself: {@code java $(cat
 * bench/target/classes/io/sluice/bench/jvm.args) -jar bench/target/benchmarks.jar -f 0 ...}.
 */
public final class BenchMain {
  static final String FLAGS_RESOURCE = "/io/sluice/bench/jvm.args";

  private BenchMain() {}

  public static void main(String[] args) throws IOException {
    CommandLineOptions cmd;
    try {
      cmd = new CommandLineOptions(args);
    } catch (CommandLineOptionException e) {
      System.err.println("Error parsing command line:");
      System.err.println(" " + e.getMessage());
      System.exit(1);
      return;
    }
    if (cmd.shouldHelp()) {
      cmd.showHelp();
      return;
    }
    if (cmd.shouldListProfilers()) {
      cmd.listProfilers();
      return;
    }
    if (cmd.shouldListResultFormats()) {
      cmd.listResultFormats();
      return;
    }
    List<String> flags = chronicleFlags();
    Runner runner = new Runner(withFlags(cmd, flags));
    if (cmd.shouldList()) {
      runner.list();
      return;
    }
    if (cmd.shouldListWithParams()) {
      runner.listWithParams(cmd);
      return;
    }
    if (cmd.getForkCount().orElse(1) == 0) {
      warnIfHostLacks(flags);
    }
    try {
      runner.run();
    } catch (NoBenchmarksException e) {
      System.err.println(
          "No benchmark matches "
              + cmd.getIncludes()
              + " (expected a regexp of"
              + " benchmark names). List them with -l.");
      System.exit(1);
    } catch (ProfilersFailedException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        System.err.println(t.getMessage());
      }
      System.exit(1);
    } catch (RunnerException e) {
      System.err.print("ERROR: ");
      e.printStackTrace(System.err);
      System.exit(1);
    }
  }

  /**
   * The command-line options with the Chronicle flags appended to each fork's JVM arguments. An
   * {@code OptionsBuilder}'s own {@code jvmArgsAppend} replaces the parent's, so the user's {@code
   * -jvmArgsAppend} values are copied in after ours.
   */
  static Options withFlags(CommandLineOptions cmd, List<String> flags) {
    List<String> append = new ArrayList<>(flags);
    append.addAll(cmd.getJvmArgsAppend().orElse(List.of()));
    return new OptionsBuilder().parent(cmd).jvmArgsAppend(append.toArray(String[]::new)).build();
  }

  /** The flags in the filtered resource, split on white space. */
  static List<String> chronicleFlags() throws IOException {
    try (InputStream in = BenchMain.class.getResourceAsStream(FLAGS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "Cannot read the JVM flags: resource "
                + FLAGS_RESOURCE
                + " is missing from the jar. Rebuild with `mvn -o package -pl bench`.");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      if (text.isEmpty() || text.contains("${")) {
        throw new IllegalStateException(
            "Cannot read the JVM flags: resource "
                + FLAGS_RESOURCE
                + " holds \""
                + text
                + "\" (expected the parent pom's chronicle.jvm.args, filled in"
                + " by Maven resource filtering). Rebuild with `mvn -o package -pl bench`.");
      }
      return Arrays.asList(text.split("\\s+"));
    }
  }

  private static void warnIfHostLacks(List<String> flags) {
    List<String> host = ManagementFactory.getRuntimeMXBean().getInputArguments();
    if (!host.containsAll(flags)) {
      System.err.println(
          "WARNING: -f 0 runs the benchmarks in this JVM, which was started without"
              + " the Chronicle flags; Chronicle Queue may fail on Java 17. Start it with"
              + " `java $(cat bench/target/classes"
              + FLAGS_RESOURCE
              + ") -jar ...`.");
    }
  }
}
