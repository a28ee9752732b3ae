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
}
