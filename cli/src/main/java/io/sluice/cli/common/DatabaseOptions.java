package io.sluice.cli.common;

import io.sluice.model.DatabaseConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The database options commands share (a picocli mixin). Everything not given here comes from the
 * environment ({@link DatabaseConfig#fromEnvironment(Map)}).
 *
 * <p>A password is never taken from an argument, because any user on the host can read a process's
 * arguments ({@code ps}): only env {@code POSTGRES_PASSWORD}, {@code POSTGRES_PASSWORD_FILE} or
 * {@code --password-file}. A {@code --password} option and a {@code password=} parameter in {@code
 * --jdbc-url} are refused without echoing the value.
 */
public final class DatabaseOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  private String jdbcUrl;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description =
          "File holding the database password. Default: env POSTGRES_PASSWORD, "
              + "else the file named by POSTGRES_PASSWORD_FILE.")
  Path passwordFile;

  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      description =
          "JDBC URL, e.g. jdbc:postgresql://db/app (default: env SLUICE_JDBC_URL, "
              + "else POSTGRES_HOST, POSTGRES_PORT, POSTGRES_DATABASE; POSTGRES_HOST=db1,db2 "
              + "connects to whichever is primary). User: env POSTGRES_USER.")
  void jdbcUrl(String url) {
    if (url.toLowerCase(Locale.ROOT).contains("password=")) {
      throw new ParameterException(
          mixee.commandLine(),
          "--jdbc-url holds a password parameter, which other users can read in ps (expected a URL"
              + " without password=). Put the password in POSTGRES_PASSWORD, POSTGRES_PASSWORD_FILE"
              + " or --password-file");
    }
    this.jdbcUrl = url;
  }

  // Hidden: exists only to refuse a password argument with a clear message, without echoing it.
  @Option(names = "--password", hidden = true, arity = "0..1", paramLabel = "PASSWORD")
  void refusePassword(String ignored) {
    throw new ParameterException(
        mixee.commandLine(),
        "--password is not accepted: arguments are visible to other users in ps. Put the password"
            + " in POSTGRES_PASSWORD, POSTGRES_PASSWORD_FILE or --password-file");
  }

  /** True when a database was named: {@code --jdbc-url} or any database variable of {@code env}. */
  public boolean isConfigured(Map<String, String> env) {
    return jdbcUrl != null || DatabaseConfig.isConfiguredIn(env);
  }

  /**
   * The database to use: environment first, then these options on top.
   *
   * @throws ConfigurationException naming the variable, option or file that is wrong
   */
  public DatabaseConfig resolve(Map<String, String> env) {
    try {
      DatabaseConfig.Builder b = DatabaseConfig.fromEnvironment(env);
      if (jdbcUrl != null) {
        b.jdbcUrl(jdbcUrl);
      }
      if (passwordFile != null) {
        b.password(readPassword(passwordFile));
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("Bad database setting: " + e.getMessage(), e);
    }
  }

  /**
   * The password {@link #resolve} puts in the config, for a plain JDBC connection of our own
   * ({@code DatabaseConfig} keeps its password to core). Same precedence: {@code --password-file},
   * then {@code POSTGRES_PASSWORD}, then {@code POSTGRES_PASSWORD_FILE}.
   *
   * @return the password, or {@code null} when none is set
   */
  public String password(Map<String, String> env) {
    if (passwordFile != null) {
      return readPassword(passwordFile);
    }
    String password = env.get("POSTGRES_PASSWORD");
    if (password != null && !password.isBlank()) {
      return password;
    }
    String file = env.get("POSTGRES_PASSWORD_FILE");
    return file == null || file.isBlank() ? null : readPassword(Path.of(file));
  }

  private static String readPassword(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new ConfigurationException(
          "Cannot read the password file "
              + file.toAbsolutePath()
              + ": "
              + e.getClass().getSimpleName()
              + " (expected a readable file holding the password)."
              + " Check the path and its permissions.",
          e);
    }
  }
}
