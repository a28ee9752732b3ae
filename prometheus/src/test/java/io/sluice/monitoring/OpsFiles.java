package io.sluice.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/** The shipped operations files (alert rules, dashboard) and the PromQL expressions in them. */
final class OpsFiles {
  static final Path OPS = Path.of("..", "ops").toAbsolutePath().normalize();
  static final Path RULES = OPS.resolve("prometheus/sluice-alerts.yml");
  static final Path RULE_TESTS = OPS.resolve("prometheus/sluice-alerts.test.yml");
  static final Path DASHBOARD = OPS.resolve("grafana/sluice.json");
  static final Path RUNBOOK = OPS.resolveSibling("docs/runbook.md");

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private OpsFiles() {}

  /** Every alerting rule of the rules file, as parsed YAML maps. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> alertRules() throws IOException {
    List<Map<String, Object>> rules = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(RULES)) {
      Map<String, Object> doc = new Yaml().load(r);
      for (Map<String, Object> group : (List<Map<String, Object>>) doc.get("groups")) {
        for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
          rules.add(rule);
        }
      }
    }
    return rules;
  }

  /** The {@code expr} of every rule. */
  static List<String> ruleExpressions() throws IOException {
    return alertRules().stream().map(r -> String.valueOf(r.get("expr"))).toList();
  }

  /** The dashboard, parsed (throws if it is not JSON). */
  static JsonNode dashboard() throws IOException {
    return new ObjectMapper().readTree(DASHBOARD.toFile());
  }

  /** Every query of the dashboard: panel targets and templating variables. */
  static List<String> dashboardExpressions() throws IOException {
    List<String> out = new ArrayList<>();
    JsonNode d = dashboard();
    for (JsonNode panel : d.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        out.add(target.path("expr").asText());
      }
    }
    for (JsonNode variable : d.path("templating").path("list")) {
      JsonNode q = variable.path("query");
      if (q.isTextual()) {
        out.add(q.asText());
      } else if (q.has("query")) {
        out.add(q.path("query").asText());
      }
    }
    return out;
  }

  /**
   * The metric names an expression reads: identifiers starting with {@code sluice_} that are not
   * label names; string literals are skipped.
   */
  static Set<String> metricNames(String expr, Set<String> labelNames) {
    Set<String> names = new TreeSet<>();
    Matcher m = NAME.matcher(expr.replaceAll("\"[^\"]*\"", "\"\""));
    while (m.find()) {
      String id = m.group();
      if (id.startsWith("sluice_") && !labelNames.contains(id)) {
        names.add(id);
      }
    }
    return names;
  }
}
