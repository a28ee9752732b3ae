package io.sluice.cli.dlq;

import io.sluice.model.DeadLetter;
import io.sluice.model.EventKind;
import io.sluice.model.SpooledEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * Which dead letters a {@code dlq} command acts on (a picocli mixin). Criteria of different options
 * must all hold; values repeated within one option are alternatives ({@code --sqlstate 23505
 * --sqlstate 23514}: either). No criterion selects nothing unless {@code --all}.
 */
final class DlqSelection {
  @Option(
      names = "--index",
      paramLabel = "INDEX",
      split = ",",
      description = "Dead letters with this main-spool index (repeat or comma-separate).")
  List<Long> indexes = new ArrayList<>();

  @Option(
      names = "--kind",
      paramLabel = "KIND",
      split = ",",
      description = "Events of this kind: trace, routing, metric, transformation.")
  List<EventKind> kinds = new ArrayList<>();

  @Option(
      names = "--sqlstate",
      paramLabel = "CODE",
      split = ",",
      description = "Rejected with this SQLSTATE, e.g. 23514 (check violation).")
  List<String> sqlStates = new ArrayList<>();

  @Option(
      names = "--reason",
      paramLabel = "REASON",
      split = ",",
      description = "Set aside for this reason: rejected, damaged, expired.")
  List<String> reasons = new ArrayList<>();

  @Option(names = "--all", description = "Every dead letter.")
  boolean all;

  /** True when no option selects anything. */
  boolean isEmpty() {
    return !all && indexes.isEmpty() && kinds.isEmpty() && sqlStates.isEmpty() && reasons.isEmpty();
  }

  /**
   * @param event the decoded event, or {@code null} when it does not decode (then no kind matches)
   */
  boolean matches(DeadLetter d, SpooledEvent event) {
    if (!indexes.isEmpty() && !indexes.contains(d.spoolIndex())) {
      return false;
    }
    if (!kinds.isEmpty() && (event == null || !kinds.contains(event.event().kind()))) {
      return false;
    }
    if (!sqlStates.isEmpty() && (d.sqlState() == null || !sqlStates.contains(d.sqlState()))) {
      return false;
    }
    return reasons.isEmpty()
        || reasons.stream().anyMatch(r -> r.toUpperCase(Locale.ROOT).equals(d.reason().name()));
  }

  /** The options as given, for messages: {@code --sqlstate 23514 --kind metric}. */
  String describe() {
    if (all) {
      return "--all";
    }
    List<String> parts = new ArrayList<>();
    indexes.forEach(i -> parts.add("--index " + i));
    kinds.forEach(k -> parts.add("--kind " + k.name().toLowerCase(Locale.ROOT)));
    sqlStates.forEach(s -> parts.add("--sqlstate " + s));
    reasons.forEach(r -> parts.add("--reason " + r.toLowerCase(Locale.ROOT)));
    return String.join(" ", parts);
  }
}
