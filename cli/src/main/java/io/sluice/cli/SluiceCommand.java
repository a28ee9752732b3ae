package io.sluice.cli;

import io.sluice.cli.common.CommandEnvironment;
import io.sluice.cli.common.DatabaseOptions;
import io.sluice.cli.common.ExitCodes;
import io.sluice.cli.common.SpoolOption;
import io.sluice.cli.db.DrainCommand;
import io.sluice.cli.db.FleetCommand;
import io.sluice.cli.db.HealthCommand;
import io.sluice.cli.db.QueryCommand;
import io.sluice.cli.db.RetentionCommand;
import io.sluice.cli.dlq.DlqCommand;
import io.sluice.cli.load.DemoCommand;
import io.sluice.cli.load.LoadCommand;
import io.sluice.cli.spool.DumpCommand;
import io.sluice.cli.spool.RepairCommand;
import io.sluice.cli.spool.StatusCommand;
import io.sluice.cli.spool.TailCommand;
import io.sluice.cli.spool.TopCommand;
import io.sluice.cli.spool.VerifyCommand;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The root {@code sluice} command. Each subcommand is one class listed in {@code subcommands}
 * below; it reaches the environment through {@code @ParentCommand SluiceCommand} and takes the
 * shared options as mixins ({@link SpoolOption}, {@link DatabaseOptions}).
 */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    versionProvider = SluiceCommand.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    synopsisSubcommandLabel = "COMMAND",
    description = {
      "A durable event buffer in front of PostgreSQL: applications append AI-agent events to a "
          + "local spool in microseconds; a drainer moves them to PostgreSQL exactly once.",
      ""
    },
    commandListHeading = "%nCommands:%n",
    subcommands = {
      DemoCommand.class,
      LoadCommand.class,
      DrainCommand.class,
      StatusCommand.class,
      QueryCommand.class,
      HealthCommand.class,
      TopCommand.class,
      RetentionCommand.class,
      FleetCommand.class,
      TailCommand.class,
      DumpCommand.class,
      VerifyCommand.class,
      RepairCommand.class,
      DlqCommand.class,
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  sluice demo                               # embedded PostgreSQL, 200,000 events",
      "  sluice load --events 1000000 --threads 2  # to .sluice/spool, no database",
      "  POSTGRES_HOST=db POSTGRES_USER=app POSTGRES_PASSWORD_FILE=/run/secrets/pg \\",
      "    sluice drain --until-empty              # move the backlog to PostgreSQL",
      "  sluice status --json",
      "  sluice tail -f --kind trace               # events as they are appended",
      "  sluice verify                             # check every record's checksum",
      "  sluice dlq list                           # events PostgreSQL refused",
      "",
      "Database: --jdbc-url, or env SLUICE_JDBC_URL, or POSTGRES_HOST, POSTGRES_PORT and",
      "POSTGRES_DATABASE (POSTGRES_HOST=db1,db2 or db1:5432,db2:5433: the primary among",
      "them); the user from POSTGRES_USER. The password only from env",
      "POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE, or --password-file FILE; never as an",
      "argument, since any user on the host can read arguments with ps.",
      "",
      "Exit codes: 0 success, 1 runtime failure, 2 usage or configuration error.",
      "Run 'sluice COMMAND --help' for a command's options and examples."
    })
public final class SluiceCommand implements Callable<Integer>, CommandEnvironment {
  private final Map<String, String> env;

  @Spec CommandSpec spec;

  // Read through ParseResult (see VerboseAwareStrategy), so it works before or after the command.
  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Log Sluice at DEBUG and print stack traces with errors.")
  boolean verbose;

  SluiceCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The environment variables this run reads its settings from. */
  public Map<String, String> env() {
    return env;
  }

  /** {@code sluice} alone: show the usage on stderr and fail, as for any usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** The jar's Implementation-Version and the running Java. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = SluiceCommand.class.getPackage().getImplementationVersion();
      return new String[] {
        "sluice " + (v == null ? "(development build)" : v),
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vm.name")
            + ")"
      };
    }
  }
}
