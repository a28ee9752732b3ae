package io.sluice.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees when the JVM lacks Chronicle's flags, and when no SLF4J provider is present:
 * each checked in a real child JVM started that way.
 */
class JvmFlagsDrillTest {
  private static final Duration EXIT = Duration.ofSeconds(60);

  @TempDir Path tmp;

  @Test
  void start_withoutChronicleFlags_throwsSluiceExceptionNamingTheFlags_andLeavesNothingBehind()
      throws Exception {
    String flags = parentPomFlags();
    Path fresh = tmp.resolve("fresh-spool");
    Path empty = Files.createDirectory(tmp.resolve("empty-spool"));
    for (Path spool : List.of(fresh, empty)) {
      Path out = tmp.resolve(spool.getFileName() + ".out");
      try (ChildJvm child =
          ChildJvm.start(
              StartChild.class,
              List.of(spool.toString()),
              Map.of(),
              out,
              List.of(),
              false,
              entry -> true)) {
        assertEquals(3, child.awaitExit(EXIT), child.tail(40));
        String line = child.awaitLine("REFUSED ", Duration.ofSeconds(1));
        assertTrue(
            line.startsWith("REFUSED io.sluice.model.SluiceException: Cannot open spool " + spool),
            line);
        assertTrue(line.endsWith("Start java with: " + flags), line);
        assertTrue(
            line.contains("missing --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED"), line);
        assertFalse(child.output().contains("AssertionError"), child.output());
      }
    }
    assertFalse(Files.exists(fresh), "start created " + fresh);
    try (Stream<Path> left = Files.list(empty)) {
      assertEquals(List.of(), left.toList());
    }
  }

  @Test
  void start_withoutAnSlf4jProvider_saysSoOnceOnStderr() throws Exception {
    Path out = tmp.resolve("nolog.out");
    try (ChildJvm child =
        ChildJvm.start(
            StartChild.class,
            List.of(tmp.resolve("spool").toString(), "2"),
            Map.of(),
            out,
            List.of(),
            true,
            entry -> !entry.contains("logback"))) {
      assertEquals(0, child.awaitExit(EXIT), child.tail(40));
      String output = child.output();
      assertEquals(2, output.lines().filter(l -> l.startsWith("STARTED ")).count(), output);
      assertEquals(
          1,
          output
              .lines()
              .filter(l -> l.startsWith("Sluice: no SLF4J provider on the class path"))
              .count(),
          output);
    }
  }

  @Test
  void start_withAnSlf4jProvider_printsNoNotice() throws Exception {
    Path out = tmp.resolve("log.out");
    try (ChildJvm child =
        ChildJvm.start(
            StartChild.class, List.of(tmp.resolve("spool").toString()), Map.of(), out, List.of())) {
      assertEquals(0, child.awaitExit(EXIT), child.tail(40));
      assertFalse(child.output().contains("no SLF4J provider"), child.output());
    }
  }

  /** The parent pom's chronicle.jvm.args, as filtered into the sluice-spool jar. */
  private static String parentPomFlags() throws IOException {
    try (InputStream in =
        JvmFlagsDrillTest.class
            .getClassLoader()
            .getResourceAsStream("io/sluice/spool/chronicle-jvm.args")) {
      String flags = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      assertTrue(flags.startsWith("--add-exports=") && !flags.contains("${"), flags);
      return flags;
    }
  }
}
