package io.sluice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.model.CorruptedSpoolException;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.SluiceConfig;
import io.sluice.model.SluiceException;
import io.sluice.spool.Spool;
import io.sluice.spool.SpoolConfig;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged spool reaches the caller as {@link CorruptedSpoolException}, other failures do not. */
class CorruptedSpoolTest {
  @TempDir Path tmp;

  /** A spool whose only cycle file was cut short, as a bad copy or restore leaves it. */
  private Path spoolWithTruncatedCycleFile() throws Exception {
    Path dir = tmp.resolve("spool");
    try (Spool spool = Spool.open(SpoolConfig.builder(dir).build())) {
      for (int i = 0; i < 1000; i++) {
        spool.append(new byte[100]);
      }
    }
    Path cycle;
    try (Stream<Path> files = Files.list(dir)) {
      cycle = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
    }
    try (FileChannel ch = FileChannel.open(cycle, StandardOpenOption.WRITE)) {
      ch.truncate(50_000);
    }
    return dir;
  }

  @Test
  void start_strictOnATruncatedCycleFile_throwsCorruptedSpoolException() throws Exception {
    Path dir = spoolWithTruncatedCycleFile();
    SluiceConfig config =
        SluiceConfig.builder().spoolDirectory(dir).strictSpool(true).drainEnabled(false).build();

    CorruptedSpoolException e =
        assertThrows(CorruptedSpoolException.class, () -> Sluice.start(config));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
  }

  @Test
  void inspect_onATruncatedCycleFile_throwsCorruptedSpoolException() throws Exception {
    Path dir = spoolWithTruncatedCycleFile();

    assertThrows(
        CorruptedSpoolException.class,
        () -> Sluice.inspect(dir, DatabaseConfig.builder().build(), Clock.systemUTC()));
  }

  @Test
  void start_onAFileInsteadOfAFolder_throwsAPlainSluiceException() throws Exception {
    Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
    SluiceConfig config = SluiceConfig.builder().spoolDirectory(file).drainEnabled(false).build();

    SluiceException e = assertThrows(SluiceException.class, () -> Sluice.start(config));
    assertFalse(e instanceof CorruptedSpoolException, e.toString());
    assertEquals(SluiceException.class, e.getClass());
  }
}
