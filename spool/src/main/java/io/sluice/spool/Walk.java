package io.sluice.spool;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** One walk's documents (negative offset: a stray metadata document in place of a record). */
final class Walk {
  enum Stop {
    ZERO,
    EOF,
    INCOMPLETE,
    BAD,
    LIMIT
  }

  static final Walk EMPTY = new Walk();
  final List<Long> docs = new ArrayList<>();
  Stop stop = Stop.BAD;
  boolean strayMetadata;
  long end;

  boolean intact(CycleFileScan s, long to, boolean last, long expected) throws IOException {
    if (strayMetadata) {
      return false;
    }
    if (!last) {
      return stop == Stop.LIMIT && docs.size() == expected;
    }
    return stop != Stop.BAD && stop != Stop.LIMIT && s.terminal(end, -1);
  }

  /** Walks documents from {@code from} until {@code to}, or a header that ends the walk. */
  static Walk of(CycleFileScan s, long from, long to) throws IOException {
    Walk w = new Walk();
    long p = from;
    while (to < 0 || p < to) {
      int h = s.header(p);
      int len = h & CycleFileScan.LENGTH_MASK;
      if (h == 0) {
        w.stop = Walk.Stop.ZERO;
        break;
      }
      if (h == CycleFileScan.END_OF_DATA) {
        w.stop = Walk.Stop.EOF;
        break;
      }
      if ((h & CycleFileScan.NOT_COMPLETE) != 0) {
        w.stop = Walk.Stop.INCOMPLETE;
        break;
      }
      if (!s.fits(p, len)) {
        w.stop = Walk.Stop.BAD;
        break;
      }
      if ((h & CycleFileScan.META) != 0) {
        if (!s.isIndexDoc(p)) {
          w.strayMetadata = true; // e.g. a flipped bit: a record Chronicle would skip unseen
          w.docs.add(-p);
        }
      } else {
        w.docs.add(p);
      }
      p = ChronicleWire.align(p + 4 + len);
    }
    if (to >= 0 && p == to) {
      w.stop = Walk.Stop.LIMIT;
    }
    w.end = p;
    return w;
  }
}
