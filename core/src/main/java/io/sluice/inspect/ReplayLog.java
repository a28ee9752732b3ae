package io.sluice.inspect;

import io.sluice.model.SluiceException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which dead letters {@code sluice dlq replay} has re-injected, so a second replay does not inject
 * them twice. A text file in the dead-letter folder, appended to and fsynced by each replay:
 *
 * <pre>
 * dead-letters/replayed.tsv
 * # comment lines start with #
 * &lt;dead letter's original spool index&gt; TAB &lt;index of the re-injected copy&gt; TAB &lt;replayed_at, ISO-8601&gt;
 * </pre>
 *
 * <p>Order of work: the record is appended to the main spool first, then its line written here. A
 * crash between the two leaves a letter re-injected but not marked, and the next replay injects it
 * again; that copy cannot become a second row: the drainer finds its id already stored and counts
 * it as committed (neither written again nor dead-lettered). The other order could lose a letter
 * silently.
 *
 * <p>Not thread-safe; one {@code dlq} command at a time per spool.
 */
public final class ReplayLog implements AutoCloseable {
  public static final String FILE_NAME = "replayed.tsv";
  private static final String HEADER =
      "# Dead letters re-injected by 'sluice dlq replay': original index, new index, replayed at\n";

  /**
   * One replayed letter.
   *
   * @param originalIndex the dead letter's index in the main spool
   * @param newIndex the index of its re-injected copy
   * @param replayedAt when it was re-injected
   */
  public record Entry(long originalIndex, long newIndex, Instant replayedAt) {
    String line() {
      return originalIndex + "\t" + newIndex + "\t" + replayedAt + "\n";
    }
  }

  private final Path file;
  private final BufferedWriter writer;

  private ReplayLog(Path file, BufferedWriter writer) {
    this.file = file;
    this.writer = writer;
  }

  /** The log file in a dead-letter folder. */
  public static Path file(Path deadLetterFolder) {
    return deadLetterFolder.resolve(FILE_NAME);
  }

  /** The letters replayed so far, by original index; empty when none. */
  public static Map<Long, Entry> read(Path deadLetterFolder) {
    Path f = file(deadLetterFolder);
    Map<Long, Entry> entries = new LinkedHashMap<>();
    if (!Files.exists(f)) {
      return entries;
    }
    try {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] p = line.split("\t");
        if (p.length < 3) {
          continue; // a line cut by a crash: its letter counts as not replayed (see class notes)
        }
        Entry e = new Entry(Long.parseLong(p[0]), Long.parseLong(p[1]), Instant.parse(p[2]));
        entries.put(e.originalIndex(), e);
      }
    } catch (IOException | RuntimeException e) {
      throw new SluiceException(
          "Cannot read the replay log " + f + ": " + e + ". Fix or remove the damaged line.", e);
    }
    return entries;
  }

  /** Opens the log for appending (creating it). */
  static ReplayLog append(Path deadLetterFolder) throws IOException {
    Path f = file(deadLetterFolder);
    boolean fresh = !Files.exists(f);
    BufferedWriter w =
        Files.newBufferedWriter(
            f, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    if (fresh) {
      w.write(HEADER);
    }
    return new ReplayLog(f, w);
  }

  /** Writes a fresh log holding {@code entries} (used when purge rewrites the folder). */
  static void write(Path deadLetterFolder, Collection<Entry> entries) throws IOException {
    try (ReplayLog log = append(deadLetterFolder)) {
      for (Entry e : entries) {
        log.add(e);
      }
    }
  }

  /** Adds one line, handed to the OS at once: a crash of this process loses no earlier line. */
  void add(Entry e) throws IOException {
    writer.write(e.line());
    writer.flush();
  }

  /** Flushes and fsyncs, so marks survive an OS crash. */
  @Override
  public void close() throws IOException {
    writer.close();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }
}
