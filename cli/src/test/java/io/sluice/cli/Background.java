package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.fail;

import io.sluice.model.DatabaseConfig;
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
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * The real {@code bin/sluice} started in the background (e.g. {@code tail -f}, {@code drain}, a
 * rate-limited {@code load}) while the test runs other commands next to it. Same clean environment
 * as {@link Launcher}; stdout and stderr go to files the test polls with a bounded wait.
 */
final class Background implements AutoCloseable {
  private static final Duration STOP_WAIT = Duration.ofSeconds(20);

  private final Process process;
  private final Path out;
  private final Path err;
  private final List<String> args;

  private Background(Process process, Path out, Path err, List<String> args) {
    this.process = process;
    this.out = out;
    this.err = err;
    this.args = args;
  }

  static Background start(Path workDir, Map<String, String> env, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Launcher.SCRIPT.toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(workDir, "bg-stdout", ".txt");
    Path err = Files.createTempFile(workDir, "bg-stderr", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("SLUICE_") || k.startsWith("POSTGRES_"));
    pb.environment().put("SLUICE_JAVA_OPTS", Launcher.javaOptions());
    pb.environment().putAll(env);
    return new Background(pb.start(), out, err, List.of(args));
  }

  /** The environment {@link Launcher#database} sets, for a background process. */
  static Map<String, String> databaseEnv(DatabaseConfig db) {
    Map<String, String> env = new HashMap<>();
    env.put("SLUICE_JDBC_URL", db.jdbcUrl());
    env.put("POSTGRES_USER", db.user());
    String password = System.getenv("SLUICE_TEST_PASSWORD"); // PostgresExtension's external server
    if (password != null) {
      env.put("POSTGRES_PASSWORD", password);
    }
    return env;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  List<String> stdoutLines() {
    return read(out).lines().filter(l -> !l.isBlank()).toList();
  }

  String stderr() {
    return read(err);
  }

  /** Waits (bounded: a safety net, never a timing assertion) until stdout's lines satisfy it. */
  List<String> awaitStdout(String what, Duration timeout, Predicate<List<String>> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<String> lines = stdoutLines();
      if (condition.test(lines)) {
        return lines;
      }
      if (System.nanoTime() - deadline > 0 || !process.isAlive()) {
        fail(
            "waiting for "
                + what
                + " from sluice "
                + String.join(" ", args)
                + " (alive: "
                + process.isAlive()
                + ")\n--- stdout\n"
                + String.join("\n", lines)
                + "\n--- stderr\n"
                + stderr());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  /** SIGTERM, as an operator's Ctrl-C or a service manager would; then the exit code. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      fail("sluice " + String.join(" ", args) + " did not stop on SIGTERM\n" + stderr());
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
