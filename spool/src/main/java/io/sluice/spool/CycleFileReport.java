package io.sluice.spool;

import java.nio.file.Path;
import java.util.List;

/**
 * What a structural check found in one cycle file (see {@link SpoolVerification}).
 *
 * @param file the cycle file
 * @param cycle its cycle number
 * @param records records the file held, readable or not (from its headers and index; when the
 *     damage hides some of them, the ones that can be told: see {@code countKnown})
 * @param unreadable records whose bytes cannot be read
 * @param unreadableIndexes the unreadable records as inclusive index ranges, e.g. {@code
 *     "7731924402432..7731924402447"}
 * @param firstIndex index of the file's first record, or -1 when it holds none
 * @param lastIndex index of its last record, or -1
 * @param problems what is damaged and where, one phrase each; empty when the file is whole
 * @param countKnown false when the damage hides how many records the file held
 */
public record CycleFileReport(
    Path file,
    int cycle,
    long records,
    long unreadable,
    List<String> unreadableIndexes,
    long firstIndex,
    long lastIndex,
    List<String> problems,
    boolean countKnown) {
  public CycleFileReport {
    unreadableIndexes = List.copyOf(unreadableIndexes);
    problems = List.copyOf(problems);
  }

  /** True when something in the file is damaged (even if no record was lost). */
  public boolean damaged() {
    return !problems.isEmpty();
  }

  /** One line: the file, what is damaged, what could and could not be read. */
  public String describe() {
    StringBuilder s = new StringBuilder("cycle file ").append(file);
    if (!damaged()) {
      return s.append(": ").append(records).append(" records, whole").toString();
    }
    s.append(" is damaged: ").append(String.join("; ", problems)).append(". It holds ");
    s.append(records).append(countKnown ? "" : " or more").append(" records");
    if (records > 0) {
      s.append(" (indexes ").append(firstIndex).append("..").append(lastIndex).append(')');
    }
    s.append(": ").append(records - unreadable).append(" readable");
    if (unreadable > 0) {
      s.append(", ").append(unreadable).append(" unreadable (indexes ");
      s.append(String.join(", ", unreadableIndexes)).append(')');
    }
    return s.toString();
  }
}
