package io.sluice.cli;

import io.sluice.internal.codec.EventEncoder;
import io.sluice.model.TraceEvent;
import io.sluice.model.TraceLevel;
import io.sluice.spool.Spool;
import io.sluice.spool.SpoolConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The damaged fixture spool in {@code src/test/resources/damaged-spool.zip}: ten records in one
 * cycle file, of which record 5 fails its CRC (a valid trace event with one byte flipped) and
 * record 6 is truncated (the first 12 bytes of a valid event). The spool accepts any bytes, so both
 * went in through {@link Spool#append}, as a torn write or a damaged disk would leave them.
 *
 * <p>Checked in as a zip, not as files: Chronicle cycle files are sparse, 80 MiB long whatever they
 * hold, so each file is stored up to its last non-zero byte, with its full length in {@code
 * lengths.properties}; {@link #extract} restores them sparse (a few KiB on disk).
 *
 * <p>Regenerate (only if the spool or codec format changes) from the repository root, after {@code
 * mvn -o -q test-compile -pl cli}:
 *
 * <pre>
 * java $(cat cli/target/jvm.args) -cp "cli/target/test-classes:cli/target/sluice-cli.jar:cli/target/lib/*" \
 *     io.sluice.cli.DamagedSpoolFixture cli/src/test/resources/damaged-spool.zip
 * </pre>
 */
final class DamagedSpoolFixture {
  static final String RESOURCE = "/damaged-spool.zip";
  static final int RECORDS = 10;
  static final int CRC_DAMAGED_SEQ = 5;
  static final int TRUNCATED_SEQ = 6;
  static final String TRACE_ID = "fixture";
  private static final String LENGTHS = "lengths.properties";
  private static final Instant AT = Instant.parse("2026-01-02T03:04:05.123456Z");

  private DamagedSpoolFixture() {}

  public static void main(String[] args) throws IOException {
    Path zip = Path.of(args[0]).toAbsolutePath();
    Path dir = Files.createTempDirectory("damaged-spool");
    Path spool = dir.resolve("spool");
    try (Spool s = Spool.open(SpoolConfig.builder(spool).build())) {
      for (byte[] record : records()) {
        s.append(record);
      }
    }
    write(spool, zip);
    System.out.println("wrote " + zip + " (" + Files.size(zip) + " bytes)");
  }

  /** The records, in append order, exactly as the fixture holds them. */
  static List<byte[]> records() {
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      byte[] valid = encode(i);
      if (i == CRC_DAMAGED_SEQ) {
        valid[valid.length / 2] ^= 0x10;
      } else if (i == TRUNCATED_SEQ) {
        valid = Arrays.copyOf(valid, 12);
      }
      records.add(valid);
    }
    return records;
  }

  /** Record {@code i} as a valid encoded trace event with a fixed id. */
  static byte[] encode(int i) {
    // A UUIDv7 whose time is AT, so the fixture is the same bytes every time it is generated.
    long millis = AT.toEpochMilli();
    UUID id = new UUID((millis << 16) | 0x7000L | i, 0x8000_0000_0000_0000L | i);
    TraceEvent event =
        TraceEvent.builder()
            .traceId(TRACE_ID)
            .eventType("step")
            .level(TraceLevel.INFO)
            .message("record " + i)
            .agentName("fixture-agent")
            .occurredAt(AT.plusSeconds(i))
            .build();
    EventEncoder encoder = new EventEncoder(1 << 16);
    int length = encoder.encode(id, event);
    return Arrays.copyOf(encoder.buffer(), length);
  }

  /** Unpacks the fixture into {@code target} (created), restoring the sparse files. */
  static Path extract(Path target) throws IOException {
    Files.createDirectories(target);
    Properties lengths = new Properties();
    try (InputStream in = DamagedSpoolFixture.class.getResourceAsStream(RESOURCE);
        ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        if (e.getName().equals(LENGTHS)) {
          lengths.load(zip);
        } else {
          Files.copy(zip, target.resolve(e.getName()));
        }
      }
    }
    for (String name : lengths.stringPropertyNames()) {
      try (RandomAccessFile f = new RandomAccessFile(target.resolve(name).toFile(), "rw")) {
        f.setLength(Long.parseLong(lengths.getProperty(name))); // grows sparse
      }
    }
    return target;
  }

  private static void write(Path spool, Path zip) throws IOException {
    Properties lengths = new Properties();
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream z = new ZipOutputStream(out);
        Stream<Path> files = Files.list(spool)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        byte[] bytes = Files.readAllBytes(f);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
          end--;
        }
        lengths.setProperty(f.getFileName().toString(), Long.toString(bytes.length));
        z.putNextEntry(new ZipEntry(f.getFileName().toString()));
        z.write(bytes, 0, end);
        z.closeEntry();
      }
      z.putNextEntry(new ZipEntry(LENGTHS));
      lengths.store(z, "full lengths of the sparse files");
      z.closeEntry();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
