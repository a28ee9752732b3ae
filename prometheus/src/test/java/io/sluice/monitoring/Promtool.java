package io.sluice.monitoring;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Prometheus's own {@code promtool} (Debian package {@code prometheus}; {@code .ci/run}
 * installs it). When it is missing the tests that need it <b>fail</b> under CI ({@code CI=true},
 * {@code SLUICE_REQUIRE_PROMTOOL=true} as {@code .ci/run} sets, or {@code
 * -Dsluice.requirePromtool=true}) and are <b>skipped</b>, with the reason, on a developer machine:
 * the rules and the exposition must never pass unchecked in CI, yet a missing tool is no reason to
 * stop a developer's {@code mvn verify}. {@code SLUICE_PROMTOOL} names another binary.
 */
final class Promtool {
  private Promtool() {}

  /** The finished command: exit code and everything it printed. */
  record Result(int exitCode, String output) {}

  /** The promtool binary; fails or skips the calling test when there is none (see above). */
  static Path require() {
    Optional<Path> found = find();
    if (found.isPresent()) {
      return found.get();
    }
    String why =
        "promtool not found (PATH, or SLUICE_PROMTOOL): install Debian's prometheus package"
            + " (apt-get install prometheus) or run .ci/run";
    if (required()) {
      fail(why + ". Required here (CI=true, SLUICE_REQUIRE_PROMTOOL or -Dsluice.requirePromtool).");
    }
    Assumptions.abort(why + "; skipped on this developer machine (CI fails instead).");
    throw new AssertionError("unreachable");
  }

  static Result run(String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(require().toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("promtool " + args[0] + " did not finish in 60 s: " + out);
    }
    return new Result(p.exitValue(), out);
  }

  private static boolean required() {
    return "true".equalsIgnoreCase(System.getenv("CI"))
        || "true".equalsIgnoreCase(System.getenv("SLUICE_REQUIRE_PROMTOOL"))
        || Boolean.getBoolean("sluice.requirePromtool");
  }

  private static Optional<Path> find() {
    String explicit = System.getenv("SLUICE_PROMTOOL");
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(Path.of(explicit)).filter(Files::isExecutable);
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "promtool");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
