package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Every inspector command documents itself: {@code --help} with examples and exit codes. */
class InspectHelpTest {
  private static String[] run(String... args) {
    CommandLine cmd = Main.commandLine(Map.of());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "status",
        "tail",
        "dump",
        "verify",
        "dlq",
        "dlq list",
        "dlq show",
        "dlq replay",
        "dlq purge"
      })
  void help_ofEachInspectorCommand_showsExamples(String command) {
    List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
    args.add("--help");

    String[] r = run(args.toArray(String[]::new));

    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("Examples:"), r[1]);
    assertTrue(r[1].contains("  sluice " + command), r[1]);
  }

  @Test
  void rootHelp_listsTheInspectorCommands() {
    String[] r = run("--help");

    for (String sub : new String[] {"tail", "dump", "verify", "dlq"}) {
      assertTrue(r[1].contains("  " + sub + " "), sub + " missing from:\n" + r[1]);
    }
  }

  @Test
  void dlqAlone_showsItsUsageAndExits2() {
    String[] r = run("dlq");

    assertEquals("2", r[0]);
    assertTrue(r[2].contains("replay"), r[2]);
  }

  @Test
  void dump_progressWithAnUnknownMode_isAUsageError() {
    String[] r = run("dump", "--progress", "fancy");

    assertEquals("2", r[0]);
    assertTrue(r[2].contains("--progress"), r[2]);
  }
}
