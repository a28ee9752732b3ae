package io.sluice.spool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the structure of one Chronicle cycle file with plain reads ({@link FileBytes}), before
 * Chronicle is allowed near it: Chronicle trusts every length it reads, so a damaged file makes it
 * throw "Unexpected magic number", wind through the file forever, or touch pages past the end of
 * the file (SIGBUS, a JVM crash). Finds each record by its sequence number, and the ones that
 * cannot be read.
 *
 * <pre>
 * cycle file layout (chronicle-queue 2026.4, little-endian; every document starts 4-byte aligned)
 * u32   document header: bit 31 not complete, bit 30 metadata, bits 0-29 payload length;
 *       0 = nothing written yet, 0xC0000000 = end of data (the file was rolled)
 * doc   metadata "header: !SCQStore": writePosition [offset of last document, its sequence],
 *       indexing {indexCount, indexSpacing, index2Index (offset), lastIndex}, dataFormat
 * doc   metadata "index2index": int64 array of the offsets of the index arrays
 * doc   metadata "index": int64 array; entry j = offset of record (array*indexCount + j)*spacing
 * doc   data records (our payloads), with further index arrays among them
 * </pre>
 *
 * <h2>How records are found in a damaged file</h2>
 *
 * The index entries are anchors: the record with sequence {@code k * spacing} starts at entry
 * {@code k}. Between two anchors a walk from the first must land exactly on the second after {@code
 * spacing} records. When it does not, the records before the damage are those the walk read before
 * a header stopped making sense, and those after it are found backwards: the earliest offset whose
 * chain of headers lands exactly on the next anchor (or, after the last one, on the end of the
 * written data). Sequences in between are unreadable. The last record's sequence comes from the
 * header's {@code writePosition}, or, when the header is gone, from the walk.
 */
final class CycleFileScan {
  static final int NOT_COMPLETE = 0x80000000;
  static final int META = 0x40000000;
  static final int LENGTH_MASK = 0x3FFFFFFF;
  static final int END_OF_DATA = 0xC0000000;
  private static final long MAX_RESYNC_BYTES = 64L << 20;

  /**
   * How far the last record may reach past the last non-zero byte (its payload may end in zeros). A
   * length reaching further is damage: copying it would copy garbage (or, in Chronicle, map pages
   * past the end of the file).
   */
  private static final long TRAILING_ZEROS = 64 * 1024;

  /** Chronicle's largest record by default (its "writeRemaining"). */
  static final int MAX_RECORD_BYTES = 16 << 20;

  private static final byte[] HEADER =
      ChronicleWire.ascii("\u00b9\u0006header\u00b6\u0008SCQStore");
  private static final byte[] INDEX = ChronicleWire.ascii("\u00b9\u0005index");
  private static final byte[] INDEX2INDEX = ChronicleWire.ascii("\u00b9\u000bindex2index");

  final Path file;
  final List<String> problems = new ArrayList<>();
  long fileSize;
  long dataEnd;
  boolean headerReadable;
  long lastSeqInHeader = -1;

  /** False when the damage hides how many records the file held. */
  boolean countKnown = true;

  boolean endsWithEof;
  private final SeqPositions seqs = new SeqPositions();

  private FileBytes f;
  private long firstArrayEnd;
  private int spacing;

  private CycleFileScan(Path file) {
    this.file = file;
  }

  /**
   * Scans {@code file}; {@code defaultSpacing} is the roll cycle's index spacing, used when the
   * file's own header cannot be read.
   */
  static CycleFileScan scan(Path file, int defaultSpacing) throws IOException {
    CycleFileScan s = new CycleFileScan(file);
    try (FileBytes bytes = new FileBytes(file)) {
      s.f = bytes;
      s.spacing = defaultSpacing;
      s.run();
    } finally {
      s.f = null;
    }
    return s;
  }

  /** Records the file held (readable or not), by sequence 0..records-1. */
  int records() {
    return seqs.records();
  }

  /** Offset of the header of record {@code seq}, or -1 when it cannot be read. */
  long position(int seq) {
    return seqs.position(seq);
  }

  long unreadable() {
    return seqs.unreadable();
  }

  /** Unreadable sequences as [first, last] pairs, in order. */
  List<long[]> unreadableRanges() {
    return seqs.unreadableRanges();
  }

  private void add(long seqFrom, List<Long> docs) {
    seqs.add(file, seqFrom, docs);
  }

  private void fill(long fromSeq, long toSeq) {
    seqs.fill(file, fromSeq, toSeq);
  }

  private void run() throws IOException {
    fileSize = f.size();
    dataEnd = f.endOfNonZero();
    long firstDoc = readHeader();
    List<long[]> anchors = anchors(firstDoc);
    long lower = Math.max(firstDoc, firstArrayEnd);
    if (anchors.isEmpty()) {
      segment(headerReadable ? afterMetadata(firstDoc) : -1, lower, 0, -1, -1);
      return;
    }
    long[] first = anchors.get(0);
    if (first[0] > 0) {
      segment(-1, lower, 0, first[1], first[0]);
    }
    for (int i = 0; i < anchors.size(); i++) {
      long[] a = anchors.get(i);
      if (i + 1 < anchors.size()) {
        long[] b = anchors.get(i + 1);
        segment(a[1], a[1], a[0], b[1], b[0]);
      } else {
        segment(a[1], a[1], a[0], -1, -1);
      }
    }
  }

  // ---- the header and the index arrays

  /** Parses the SCQStore header; returns the offset of the next document (or 0 if unreadable). */
  private long readHeader() throws IOException {
    int h = f.readInt(0);
    int len = h & LENGTH_MASK;
    if ((h & NOT_COMPLETE) != 0 || (h & META) == 0 || len < HEADER.length || len > 4096) {
      problems.add("its header (Chronicle's SCQStore, the first bytes) is damaged");
      return 0;
    }
    byte[] header = f.read(4, len);
    if (!ChronicleWire.startsWith(header, 0, HEADER)) {
      problems.add("its header (Chronicle's SCQStore, the first bytes) is damaged");
      return 0;
    }
    headerReadable = true;
    int at = ChronicleWire.find(header, "writePosition");
    if (at >= 0) {
      long[] wp = ChronicleWire.int64Array(header, at);
      // [offset of the last document, (that offset's low 32 bits) << 32 | its sequence]
      if (wp != null && wp.length == 2 && (wp[1] >>> 32) == (wp[0] & 0xffffffffL)) {
        lastSeqInHeader = wp[1] & 0xffffffffL;
      }
    }
    at = ChronicleWire.find(header, "indexSpacing");
    if (at >= 0) {
      long s = ChronicleWire.number(header, at);
      if (s > 0 && Long.bitCount(s) == 1) {
        spacing = (int) s;
      }
    }
    return ChronicleWire.align(4 + len);
  }

  /** Valid index anchors as {sequence, offset}, in order. */
  private List<long[]> anchors(long searchFrom) throws IOException {
    List<Long> arrays = new ArrayList<>();
    long i2i = findDoc(searchFrom, INDEX2INDEX, true);
    if (i2i < 0 && searchFrom > 0) {
      i2i = findDoc(0, INDEX2INDEX, false);
    }
    if (i2i < 0) {
      problems.add("its index of index arrays (index2index) is damaged");
    } else {
      long[] values = docArray(i2i, INDEX2INDEX);
      if (values == null) {
        problems.add("its index of index arrays (index2index) is damaged");
      } else {
        for (long v : values) {
          if (v > 0 && docArray(v, INDEX) != null) {
            arrays.add(v);
          }
        }
      }
    }
    if (arrays.isEmpty()) {
      long p = findDoc(0, INDEX, false);
      if (p >= 0) {
        arrays.add(p);
      }
    }
    List<long[]> anchors = new ArrayList<>();
    if (!arrays.isEmpty()) {
      long p = arrays.get(0);
      firstArrayEnd = ChronicleWire.align(p + 4 + (f.readInt(p) & LENGTH_MASK));
    }
    long capacity = 0;
    for (int a = 0; a < arrays.size(); a++) {
      long pos = arrays.get(a);
      long[] entries = docArray(pos, INDEX);
      capacity = Math.max(capacity, f.readLong(arrayStart(pos, INDEX)));
      for (int j = 0; j < entries.length; j++) {
        long v = entries[j];
        long seq = ((long) a * capacity + j) * spacing;
        if (v > 0
            && plausibleData(v)
            && (anchors.isEmpty() || v > anchors.get(anchors.size() - 1)[1])) {
          anchors.add(new long[] {seq, v});
        }
      }
    }
    return anchors;
  }

  /**
   * The first metadata document named {@code name} at or after {@code from}: the next document when
   * {@code next} (following the chain), else by signature at any 4-byte aligned offset.
   */
  private long findDoc(long from, byte[] name, boolean next) throws IOException {
    if (next) {
      return isDoc(from, name) ? from : -1;
    }
    long limit = Math.min(dataEnd, 64L << 20);
    for (long p = ChronicleWire.align(from); p < limit; p += 4) {
      int h = f.readInt(p);
      if ((h & (META | NOT_COMPLETE)) == META && isDoc(p, name)) {
        return p;
      }
    }
    return -1;
  }

  private boolean isDoc(long p, byte[] name) throws IOException {
    int h = f.readInt(p);
    if ((h & (META | NOT_COMPLETE)) != META || (h & LENGTH_MASK) < name.length + 24) {
      return false;
    }
    byte[] start = f.read(p + 4, name.length + 1);
    return ChronicleWire.startsWith(start, 0, name) && (name != INDEX || start[name.length] != '2');
  }

  private long arrayStart(long docPos, byte[] name) throws IOException {
    byte[] b = f.read(docPos + 4, name.length + 24);
    int q = ChronicleWire.afterPadding(b, name.length);
    return q < 0 || b[q] != (byte) 0x8d ? -1 : docPos + 4 + q + 1;
  }

  /** The used entries of the int64 array in the document at {@code docPos}, or null if damaged. */
  private long[] docArray(long docPos, byte[] name) throws IOException {
    if (!isDoc(docPos, name)) {
      return null;
    }
    long start = arrayStart(docPos, name);
    if (start < 0) {
      return null;
    }
    long capacity = f.readLong(start);
    long used = f.readLong(start + 8);
    int docLen = f.readInt(docPos) & LENGTH_MASK;
    if (capacity <= 0
        || used < 0
        || used > capacity
        || start + 16 + capacity * 8 > docPos + 4 + docLen) {
      return null;
    }
    long[] values = new long[(int) used];
    for (int i = 0; i < used; i++) {
      values[i] = f.readLong(start + 16 + 8L * i);
    }
    return values;
  }

  /** Skips the first metadata documents (index2index, index) to where the records may start. */
  private long afterMetadata(long from) throws IOException {
    long p = from;
    for (int i = 0; i < 4; i++) {
      int h = f.readInt(p);
      if ((h & (META | NOT_COMPLETE)) != META || p + 4 + (h & LENGTH_MASK) > fileSize) {
        break;
      }
      p = ChronicleWire.align(p + 4 + (h & LENGTH_MASK));
    }
    return p;
  }

  // ---- records between anchors

  private boolean plausibleData(long p) throws IOException {
    int h = f.readInt(p);
    return (h & (META | NOT_COMPLETE)) == 0 && fits(p, h & LENGTH_MASK);
  }

  /** True when a document of {@code len} bytes at {@code p} ends within the written data. */
  boolean fits(long p, int len) {
    long end = p + 4 + len;
    return len > 0 && len <= MAX_RECORD_BYTES && end <= fileSize && end <= dataEnd + TRAILING_ZEROS;
  }

  /**
   * Resolves the records of sequences [seqFrom, seqTo) between the anchor at {@code from} (-1 if
   * unknown: search from {@code lower}) and the anchor at {@code to} (-1: the end of the data).
   */
  private void segment(long from, long lower, long seqFrom, long to, long seqTo)
      throws IOException {
    boolean last = to < 0;
    Walk forward = from < 0 ? Walk.EMPTY : Walk.of(this, from, to);
    if (from >= 0 && forward.intact(this, to, last, seqTo < 0 ? -1 : seqTo - seqFrom)) {
      if (last && lastSeqInHeader >= 0 && seqFrom + forward.docs.size() - 1 < lastSeqInHeader) {
        problems.add(
            String.format(
                "records %d..%d are missing (the header counts %d)",
                seqFrom + forward.docs.size(), lastSeqInHeader, lastSeqInHeader + 1));
        add(seqFrom, forward.docs);
        fill(seqFrom + forward.docs.size(), lastSeqInHeader + 1);
        return;
      }
      add(seqFrom, forward.docs);
      endsWithEof |= last && forward.stop == Walk.Stop.EOF;
      return;
    }
    // The forward walk is trusted up to where it stopped making sense; the search for the records
    // after the damage starts there (chains through the payloads of good records converge on the
    // real chain, so one could otherwise win and hide them).
    long limit = last ? ChronicleWire.align(dataEnd) + 4 : to;
    long searchFrom = from < 0 ? lower : Math.max(lower, forward.end);
    List<Long> backward = landing(searchFrom, limit, to);
    List<Long> front = new ArrayList<>();
    long backStart = backward.isEmpty() ? Long.MAX_VALUE : Math.abs(backward.get(0));
    for (Long p : forward.docs) {
      if (Math.abs(p) < backStart) {
        front.add(p);
      }
    }
    long expected;
    if (!last) {
      expected = seqTo - seqFrom;
    } else if (lastSeqInHeader >= seqFrom) {
      expected = Math.max(lastSeqInHeader + 1 - seqFrom, front.size() + backward.size());
    } else {
      expected = front.size() + backward.size();
      countKnown = false;
    }
    while (backward.size() > expected) {
      backward.remove(0);
    }
    while (front.size() + backward.size() > expected) {
      front.remove(front.size() - 1);
    }
    // Between two anchors the count is exact: a wrong length (one flipped bit) is better explained
    // by one lost record than by the search above, which starts after records the jump skipped.
    if (!last
        && from >= 0
        && expected - front.size() - backward.size() > 0
        && limit - ChronicleWire.align(from) <= MAX_RESYNC_BYTES) {
      SingleLossResync.Split one =
          new SingleLossResync(this).find(forward, ChronicleWire.align(from), limit, to, expected);
      if (one != null) {
        front = one.front();
        backward = one.back();
      }
    }
    add(seqFrom, front);
    fill(seqFrom + front.size(), seqFrom + expected - backward.size());
    add(seqFrom + expected - backward.size(), backward);
    long lost = expected - front.size() - backward.size();
    long a = front.isEmpty() ? lower : Math.abs(front.get(front.size() - 1));
    long b = backward.isEmpty() ? (last ? dataEnd : to) : Math.abs(backward.get(0));
    problems.add(
        "damaged between bytes "
            + a
            + " and "
            + b
            + ": "
            + (lost == 0 && countKnown ? "no record lost" : lost + " record(s) unreadable")
            + (countKnown ? "" : ", and how many more were lost cannot be told"));
  }

  /** Offsets of the longest chain of documents from {@code lower} that lands on the target. */
  private List<Long> landing(long lower, long limit, long to) throws IOException {
    List<Long> chain = new ArrayList<>();
    long start = ChronicleWire.align(lower);
    if (limit - start > MAX_RESYNC_BYTES || limit <= start) {
      return chain;
    }
    int slots = (int) ((limit - start) / 4) + 1;
    // chain[i]: documents from offset start + 4i to the target, 0 when that chain misses it. The
    // longest chain wins: one garbage header whose length jumps onto the target is a chain of one.
    int[] docs = new int[slots];
    int best = -1;
    for (int i = slots - 1; i >= 0; i--) {
      long p = start + 4L * i;
      long n = next(p);
      if (n <= 0) {
        continue;
      }
      if (terminal(n, to)) {
        docs[i] = 1;
      } else if (n < limit && docs[(int) ((n - start) / 4)] > 0) {
        docs[i] = docs[(int) ((n - start) / 4)] + 1;
      }
      if (docs[i] > 0 && (best < 0 || docs[i] >= docs[best])) {
        best = i;
      }
    }
    int i = best;
    if (i < 0) {
      return chain;
    }
    for (long p = start + 4L * i; !terminal(p, to); p = next(p)) {
      if ((f.readInt(p) & META) == 0) {
        chain.add(p);
      } else if (!isDoc(p, INDEX)) {
        chain.add(-p); // a stray metadata document where a record should be
      }
    }
    return chain;
  }

  /** The offset after the data document at {@code p}, or -1 if its header makes no sense. */
  long next(long p) throws IOException {
    int h = f.readInt(p);
    int len = h & LENGTH_MASK;
    if ((h & NOT_COMPLETE) != 0 || !fits(p, len)) {
      return -1;
    }
    return ChronicleWire.align(p + 4 + len);
  }

  boolean terminal(long q, long to) throws IOException {
    if (to >= 0) {
      return q == to;
    }
    int h = f.readInt(q);
    if (h == 0) {
      return q >= dataEnd && q <= dataEnd + TRAILING_ZEROS;
    }
    if (h == END_OF_DATA) {
      return q + 8 >= dataEnd; // the marker is followed by the word "EOF" (4 bytes)
    }
    // A write under way: Chronicle marks the header not complete, of unknown length, until done.
    long after = q + 4 + (h & LENGTH_MASK);
    return (h & (NOT_COMPLETE | META)) == NOT_COMPLETE
        && ((h & LENGTH_MASK) == 0 || (after >= dataEnd && after <= fileSize));
  }

  /** True for one of Chronicle's index arrays: a document that is no record. */
  boolean isIndexDoc(long p) throws IOException {
    return headerIsMeta(p) && isDoc(p, INDEX);
  }

  int header(long p) throws IOException {
    return f.readInt(p);
  }

  boolean headerIsMeta(long p) throws IOException {
    return (f.readInt(p) & META) != 0;
  }
}
