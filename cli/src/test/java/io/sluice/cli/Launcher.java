package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.model.DatabaseConfig;
import io.sluice.testing.ClassDataArchive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code bin/sluice} launcher as a child process, as a user would, with a clean
 * environment (no SLUICE_* or POSTGRES_* inherited from the test run) and a bounded wait.
 */
final class Launcher {
  static final Path SCRIPT =
      Path.of(System.getProperty("sluice.launcher", "../bin/sluice")).toAbsolutePath().normalize();
  private static final Duration DEFAULT_WAIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BASE_OPTIONS = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

  private final Path workDir;
  private final Map<String, String> env = new HashMap<>();

  Launcher(Path workDir) {
    this.workDir = workDir;
    env.put("SLUICE_JAVA_OPTS", javaOptions());
  }

  /**
   * SLUICE_JAVA_OPTS of the children: a small heap and a quick-starting JIT (they do little work,
   * and CPUs are shared), and the class-data archive of a first {@code sluice load} ({@link
   * ClassDataArchive}).
   */
  static String javaOptions() {
    List<String> options = new ArrayList<>(List.of(BASE_OPTIONS.split(" ")));
    options.addAll(ClassDataArchive.options("sluice-launcher", Launcher::warmUp));
    return String.join(" ", options);
  }

  /** Runs {@code sluice load} to its end with {@code archiveOption}, to write the archive. */
  private static void warmUp(String archiveOption) {
    try {
      Path dir = Files.createTempDirectory("sluice-cds-warm-up-");
      Launcher warmUp = new Launcher(dir, BASE_OPTIONS + " " + archiveOption);
      warmUp.run("load", "--events", "10", "--spool", dir.resolve("spool").toString());
      CorruptionSuiteIT.deleteQuietly(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run the warm-up sluice load", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Launcher(Path workDir, String javaOptions) {
    this.workDir = workDir;
    env.put("SLUICE_JAVA_OPTS", javaOptions);
  }

  /**
   * Points the child at {@code db} through env, the way an operator would (password: none here).
   */
  Launcher database(DatabaseConfig db) {
    env.put("SLUICE_JDBC_URL", db.jdbcUrl());
    env.put("POSTGRES_USER", db.user());
    String password = System.getenv("SLUICE_TEST_PASSWORD"); // PostgresExtension's external server
    if (password != null) {
      env.put("POSTGRES_PASSWORD", password);
    }
    return this;
  }

  Launcher env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** What a run printed and returned. */
  record Result(List<String> args, int exitCode, String stdout, String stderr) {
    List<String> stderrLines() {
      return stderr.lines().filter(l -> !l.isBlank()).toList();
    }

    /** The last line of stdout, parsed as the command's JSON result. */
    JsonNode json() {
      List<String> lines = stdout.lines().filter(l -> !l.isBlank()).toList();
      if (lines.isEmpty()) {
        fail("no JSON on stdout; " + this);
      }
      try {
        return JSON.readTree(lines.get(lines.size() - 1));
      } catch (IOException e) {
        throw new AssertionError("stdout is not JSON: " + this, e);
      }
    }

    @Override
    public String toString() {
      return "sluice "
          + String.join(" ", args)
          + " -> exit "
          + exitCode
          + "\n--- stdout\n"
          + stdout
          + "--- stderr\n"
          + stderr;
    }
  }

  Result run(String... args) throws IOException, InterruptedException {
    return run(DEFAULT_WAIT, args);
  }

  Result run(Duration wait, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(SCRIPT.toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(workDir, "stdout", ".txt");
    Path err = Files.createTempFile(workDir, "stderr", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("SLUICE_") || k.startsWith("POSTGRES_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      fail(
          "sluice "
              + String.join(" ", args)
              + " did not finish within "
              + wait
              + "\n--- stderr\n"
              + Files.readString(err, StandardCharsets.UTF_8));
    }
    return new Result(
        List.of(args),
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
