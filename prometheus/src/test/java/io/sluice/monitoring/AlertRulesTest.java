package io.sluice.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped alert rules ({@code ops/prometheus/sluice-alerts.yml}): valid for Prometheus, each
 * rule unit-tested by {@code promtool test rules} on synthetic series, each annotated for the
 * person paged and pointing at its own section of {@code docs/runbook.md}. That the metrics they
 * read are exported is checked against a real scrape in {@link MetricsScrapeTest}.
 */
class AlertRulesTest {
  private static final Set<String> REQUIRED =
      Set.of(
          "SluiceUnhealthy",
          "SluiceDegraded",
          "SluiceBreakerOpen",
          "SluiceBacklogTooOld",
          "SluiceBacklogStalled",
          "SluiceDeadLettersRising",
          "SluiceSpoolBudgetHigh",
          "SluiceSpoolBudgetCritical",
          "SluiceDiskReserveReached",
          "SluiceDrainerHaltedFatal",
          "SluiceNoLiveDrainer");

  @Test
  void rules_passPromtoolCheckRules() throws Exception {
    Promtool.Result r = Promtool.run(null, "check", "rules", OpsFiles.RULES.toString());
    assertEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("SUCCESS"), r.output());
  }

  @Test
  void rules_passTheirUnitTestsUnderPromtoolTestRules() throws Exception {
    Promtool.Result r = Promtool.run(null, "test", "rules", OpsFiles.RULE_TESTS.toString());
    assertEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("SUCCESS"), r.output());
  }

  @Test
  void everyRequiredAlert_exists() throws Exception {
    Set<String> names = new TreeSet<>();
    for (Map<String, Object> rule : OpsFiles.alertRules()) {
      names.add(String.valueOf(rule.get("alert")));
    }
    assertTrue(names.containsAll(REQUIRED), "missing: " + missing(REQUIRED, names));
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyAlert_hasSummaryDescriptionSeverityAndItsRunbookSection() throws Exception {
    Set<String> anchors = runbookAnchors();
    for (Map<String, Object> rule : OpsFiles.alertRules()) {
      String alert = String.valueOf(rule.get("alert"));
      Map<String, Object> annotations = (Map<String, Object>) rule.get("annotations");
      Map<String, Object> labels = (Map<String, Object>) rule.get("labels");
      assertTrue(annotations != null && annotations.get("summary") != null, alert + ": no summary");
      assertTrue(
          String.valueOf(annotations.get("description")).contains("{{"),
          alert + ": the description carries no figures");
      assertTrue(
          labels != null && Set.of("warning", "critical").contains(labels.get("severity")),
          alert + ": severity warning or critical");
      String url = String.valueOf(annotations.get("runbook_url"));
      assertEquals("docs/runbook.md#" + alert.toLowerCase(Locale.ROOT), url, alert);
      assertTrue(
          anchors.contains(alert.toLowerCase(Locale.ROOT)),
          alert + ": no section '## " + alert + "' in docs/runbook.md");
    }
  }

  @Test
  void everyAlert_hasATestCaseWhereItFires() throws Exception {
    String tests = Files.readString(OpsFiles.RULE_TESTS);
    Set<String> fired = new TreeSet<>();
    // a case names its alert, then lists exp_alerts before the next case starts
    Matcher m = Pattern.compile("alertname: (\\w+)\\n(\\s+)exp_alerts:").matcher(tests);
    while (m.find()) {
      fired.add(m.group(1));
    }
    Set<String> alerts = new TreeSet<>();
    for (Map<String, Object> rule : OpsFiles.alertRules()) {
      alerts.add(String.valueOf(rule.get("alert")));
    }
    assertEquals(Set.of(), missing(alerts, fired), "alerts without a firing test case");
  }

  private static Set<String> runbookAnchors() throws Exception {
    Set<String> anchors = new TreeSet<>();
    for (String line : Files.readAllLines(OpsFiles.RUNBOOK)) {
      if (line.startsWith("#")) {
        // GitHub's anchor: lower case, punctuation dropped, spaces to dashes
        anchors.add(
            line.replaceFirst("^#+\\s*", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9 _-]", "")
                .replace(' ', '-'));
      }
    }
    return anchors;
  }

  private static Set<String> missing(Set<String> wanted, Set<String> have) {
    Set<String> m = new TreeSet<>(wanted);
    m.removeAll(have);
    return m;
  }
}
