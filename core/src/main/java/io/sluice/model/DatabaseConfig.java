package io.sluice.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where and how Sluice connects to PostgreSQL. Immutable; made by {@link #builder()} or {@link
 * #fromEnvironment(Map)}.
 *
 * <p>The password is never part of {@link #toString()}, of a log line or of an error message; a
 * JDBC URL is shown with any {@code password=} parameter masked ({@link #redactedUrl()}).
 */
public final class DatabaseConfig {
  public static final String DEFAULT_HOST = "localhost";
  public static final int DEFAULT_PORT = 5432;
  public static final String DEFAULT_DATABASE = "postgres";
  public static final String DEFAULT_USER = "postgres";
  public static final int DEFAULT_POOL_MIN_SIZE = 1;
  public static final int DEFAULT_POOL_MAX_SIZE = 6;
  public static final int DEFAULT_MAX_QUERIES_PER_CONNECTION = 0;
  public static final Duration DEFAULT_CONNECTION_MAX_AGE = Duration.ofMinutes(30);
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^&;]*");

  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final int poolMinSize;
  private final int poolMaxSize;
  private final int maxQueriesPerConnection;
  private final Duration connectionMaxAge;
  private final Duration connectionTimeout;
  private final Properties jdbcProperties;

  private DatabaseConfig(Builder b) {
    this.jdbcUrl = b.jdbcUrl != null ? b.jdbcUrl : b.urlFromParts();
    this.user = b.user;
    this.password = b.password;
    this.poolMinSize = b.poolMinSize;
    this.poolMaxSize = b.poolMaxSize;
    this.maxQueriesPerConnection = b.maxQueriesPerConnection;
    this.connectionMaxAge = b.connectionMaxAge;
    this.connectionTimeout = b.connectionTimeout;
    this.jdbcProperties = new Properties();
    this.jdbcProperties.putAll(b.jdbcProperties);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder filled from environment variables: {@code SLUICE_JDBC_URL}, or {@code POSTGRES_HOST}
   * (one host or a comma-separated list, see {@link Builder#host}), {@code POSTGRES_PORT}, {@code
   * POSTGRES_DATABASE}; {@code POSTGRES_USER}, {@code POSTGRES_PASSWORD} (or {@code
   * POSTGRES_PASSWORD_FILE}, a file holding it), {@code POSTGRES_POOL_MIN_SIZE}, {@code
   * POSTGRES_POOL_MAX_SIZE}, {@code POSTGRES_MAX_QUERIES_PER_CONNECTION}, {@code
   * POSTGRES_CONNECTION_MAX_AGE} (seconds).
   *
   * @throws IllegalArgumentException naming the variable whose value is bad
   */
  public static Builder fromEnvironment(Map<String, String> env) {
    Builder b = builder();
    set(env, "SLUICE_JDBC_URL", v -> b.jdbcUrl(v));
    set(env, "POSTGRES_HOST", v -> b.host(v));
    set(env, "POSTGRES_PORT", v -> b.port(ConfigChecks.parseInt("POSTGRES_PORT", v)));
    set(env, "POSTGRES_DATABASE", v -> b.database(v));
    set(env, "POSTGRES_USER", v -> b.user(v));
    if (has(env, "POSTGRES_PASSWORD")) {
      b.password(env.get("POSTGRES_PASSWORD"));
    } else if (has(env, "POSTGRES_PASSWORD_FILE")) {
      b.password(readSecret(Path.of(env.get("POSTGRES_PASSWORD_FILE"))));
    }
    set(
        env,
        "POSTGRES_POOL_MIN_SIZE",
        v -> b.poolMinSize(ConfigChecks.parseInt("POSTGRES_POOL_MIN_SIZE", v)));
    set(
        env,
        "POSTGRES_POOL_MAX_SIZE",
        v -> b.poolMaxSize(ConfigChecks.parseInt("POSTGRES_POOL_MAX_SIZE", v)));
    set(
        env,
        "POSTGRES_MAX_QUERIES_PER_CONNECTION",
        v ->
            b.maxQueriesPerConnection(
                ConfigChecks.parseInt("POSTGRES_MAX_QUERIES_PER_CONNECTION", v)));
    set(
        env,
        "POSTGRES_CONNECTION_MAX_AGE",
        v ->
            b.connectionMaxAge(
                Duration.ofSeconds(ConfigChecks.parseInt("POSTGRES_CONNECTION_MAX_AGE", v))));
    if (has(env, "POSTGRES_POOL_MIN_SIZE") || has(env, "POSTGRES_POOL_MAX_SIZE")) {
      ConfigChecks.fromEnv(
          "POSTGRES_POOL_MIN_SIZE/POSTGRES_POOL_MAX_SIZE",
          env.get("POSTGRES_POOL_MIN_SIZE") + "/" + env.get("POSTGRES_POOL_MAX_SIZE"),
          b::checkPoolSizes);
    }
    return b;
  }

  private static void set(
      Map<String, String> env, String var, java.util.function.Consumer<String> setter) {
    if (has(env, var)) {
      String value = env.get(var);
      ConfigChecks.fromEnv(var, "\"" + redact(value) + "\"", () -> setter.accept(value));
    }
  }

  /** True when any variable that names a database is set. */
  public static boolean isConfiguredIn(Map<String, String> env) {
    return has(env, "SLUICE_JDBC_URL")
        || has(env, "POSTGRES_HOST")
        || has(env, "POSTGRES_PORT")
        || has(env, "POSTGRES_DATABASE");
  }

  private static boolean has(Map<String, String> env, String key) {
    String v = env.get(key);
    return v != null && !v.isBlank();
  }

  private static String readSecret(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "POSTGRES_PASSWORD_FILE "
              + file
              + " cannot be read: "
              + e.getClass().getSimpleName()
              + ". Check the path and its permissions.");
    }
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** The JDBC URL with any password parameter masked: safe for logs and messages. */
  public String redactedUrl() {
    return redact(jdbcUrl);
  }

  /** Masks {@code password=...} parameters in a JDBC URL. */
  public static String redact(String url) {
    return url == null ? null : PASSWORD_IN_URL.matcher(url).replaceAll("$1****");
  }

  public String user() {
    return user;
  }

  /**
   * The password, or {@code null}. For handing to a connection pool only: never log it or put it in
   * a message ({@link #toString()} masks it).
   */
  public String password() {
    return password;
  }

  public int poolMinSize() {
    return poolMinSize;
  }

  public int poolMaxSize() {
    return poolMaxSize;
  }

  /** Batches a connection serves before it is retired; 0 means no limit. */
  public int maxQueriesPerConnection() {
    return maxQueriesPerConnection;
  }

  public Duration connectionMaxAge() {
    return connectionMaxAge;
  }

  public Duration connectionTimeout() {
    return connectionTimeout;
  }

  /**
   * The settings of a HikariCP pool on this database under HikariCP's property names ({@code
   * jdbcUrl}, {@code username}, {@code password}, {@code maxLifetime}, {@code connectionTimeout},
   * {@code dataSource.*} for the driver): what Sluice's writer pool and its query pools start from,
   * so both map this configuration the same way. The pool starts while PostgreSQL is down ({@code
   * initializationFailTimeout = -1}): Sluice accepts events whatever the database is doing. Holds
   * the password: never log it.
   *
   * @param poolName HikariCP's pool name (thread names, its metrics)
   * @param applicationName PostgreSQL's {@code application_name} unless a JDBC property sets it
   */
  public Properties poolProperties(String poolName, String applicationName) {
    Properties hikari = new Properties();
    hikari.setProperty("poolName", poolName);
    hikari.setProperty("jdbcUrl", jdbcUrl());
    hikari.setProperty("username", user());
    if (password() != null) {
      hikari.setProperty("password", password());
    }
    hikari.setProperty("maxLifetime", Long.toString(connectionMaxAge().toMillis()));
    hikari.setProperty("connectionTimeout", Long.toString(connectionTimeout().toMillis()));
    hikari.setProperty("initializationFailTimeout", "-1");
    hikari.setProperty("autoCommit", "true");
    Properties driver = jdbcProperties();
    driver.putIfAbsent("ApplicationName", applicationName);
    driver.putIfAbsent("tcpKeepAlive", "true");
    driver.putIfAbsent("reWriteBatchedInserts", "true");
    for (String key : driver.stringPropertyNames()) {
      hikari.setProperty("dataSource." + key, driver.getProperty(key));
    }
    return hikari;
  }

  /** Extra pgjdbc properties (sslmode, sslrootcert, ...), passed through unchanged. */
  public Properties jdbcProperties() {
    Properties copy = new Properties();
    copy.putAll(jdbcProperties);
    return copy;
  }

  @Override
  public String toString() {
    return "DatabaseConfig{url="
        + redactedUrl()
        + ", user="
        + user
        + ", password="
        + (password == null ? "none" : "****")
        + ", pool="
        + poolMinSize
        + ".."
        + poolMaxSize
        + '}';
  }

  /** Builds a {@link DatabaseConfig}; each setter rejects a bad value at once. Not thread-safe. */
  public static final class Builder {
    private String jdbcUrl;
    private HostList hosts = HostList.parse(DEFAULT_HOST);
    private int port = DEFAULT_PORT;
    private String database = DEFAULT_DATABASE;
    private String user = DEFAULT_USER;
    private String password;
    private int poolMinSize = DEFAULT_POOL_MIN_SIZE;
    private int poolMaxSize = DEFAULT_POOL_MAX_SIZE;
    private int maxQueriesPerConnection = DEFAULT_MAX_QUERIES_PER_CONNECTION;
    private Duration connectionMaxAge = DEFAULT_CONNECTION_MAX_AGE;
    private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
    private final Properties jdbcProperties = new Properties();

    private Builder() {}

    /**
     * A full JDBC URL such as {@code jdbc:postgresql://db:5432/app}; wins over host/port/database.
     */
    public Builder jdbcUrl(String jdbcUrl) {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException(
            "jdbcUrl is "
                + Printable.quote(redact(jdbcUrl))
                + " (expected jdbc:postgresql://HOST:PORT/DATABASE)");
      }
      this.jdbcUrl = jdbcUrl;
      return this;
    }

    /**
     * The server, or several for a primary with standbys: {@code db}, {@code db:5433}, {@code
     * db1,db2} or {@code db1:5432,db2:5433} (a host without a port uses {@link #port}). With
     * several hosts the URL is a pgjdbc multi-host URL with {@code targetServerType=primary}
     * (unless {@link #jdbcProperty} sets {@code targetServerType}): pgjdbc tries the hosts in order
     * and keeps the one that accepts writes, so after a failover new connections find the new
     * primary.
     *
     * @throws IllegalArgumentException naming the malformed entry
     */
    public Builder host(String host) {
      this.hosts = HostList.parse(host);
      return this;
    }

    public Builder port(int port) {
      this.port = ConfigChecks.range("port", port, 1, 65_535);
      return this;
    }

    public Builder database(String database) {
      if (database == null || database.isBlank()) {
        throw new IllegalArgumentException("database is blank (expected a database name)");
      }
      this.database = database.trim();
      return this;
    }

    public Builder user(String user) {
      if (user == null || user.isBlank()) {
        throw new IllegalArgumentException("user is blank (expected a PostgreSQL role name)");
      }
      this.user = user;
      return this;
    }

    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** HikariCP {@code minimumIdle}: idle connections kept ready. Default 1, 0..100. */
    public Builder poolMinSize(int poolMinSize) {
      this.poolMinSize = ConfigChecks.range("poolMinSize", poolMinSize, 0, 100);
      return this;
    }

    /**
     * HikariCP {@code maximumPoolSize}. Default 6, 2..100: each drain lane holds one while it
     * commits (4 lanes by default), and the drainer, retention and health checks need one now and
     * then.
     */
    public Builder poolMaxSize(int poolMaxSize) {
      this.poolMaxSize = ConfigChecks.range("poolMaxSize", poolMaxSize, 2, 100);
      return this;
    }

    /** Retire a connection after this many batches (0 = never). Default 0, 0..100,000,000. */
    public Builder maxQueriesPerConnection(int maxQueriesPerConnection) {
      this.maxQueriesPerConnection =
          ConfigChecks.range("maxQueriesPerConnection", maxQueriesPerConnection, 0, 100_000_000);
      return this;
    }

    /** HikariCP {@code maxLifetime}. Default 30 min, 30 s..24 h. */
    public Builder connectionMaxAge(Duration connectionMaxAge) {
      this.connectionMaxAge =
          ConfigChecks.range(
              "connectionMaxAge", connectionMaxAge, Duration.ofSeconds(30), Duration.ofHours(24));
      return this;
    }

    /** HikariCP {@code connectionTimeout}: how long a batch waits for a connection. Default 5 s. */
    public Builder connectionTimeout(Duration connectionTimeout) {
      this.connectionTimeout =
          ConfigChecks.range(
              "connectionTimeout",
              connectionTimeout,
              Duration.ofMillis(250),
              Duration.ofMinutes(5));
      return this;
    }

    /** A pgjdbc connection property such as {@code sslmode=verify-full}; passed through as is. */
    public Builder jdbcProperty(String name, String value) {
      if (name.equalsIgnoreCase("password") || name.equalsIgnoreCase("user")) {
        throw new IllegalArgumentException(
            "jdbcProperty "
                + name
                + " (expected neither user nor password: use user() and password())");
      }
      jdbcProperties.setProperty(name, value);
      return this;
    }

    private String urlFromParts() {
      String url = "jdbc:postgresql://" + hosts.render(port) + "/" + database;
      return hosts.isMulti() && !jdbcProperties.containsKey("targetServerType")
          ? url + "?targetServerType=primary"
          : url;
    }

    public DatabaseConfig build() {
      checkPoolSizes();
      return new DatabaseConfig(this);
    }

    void checkPoolSizes() {
      if (poolMinSize > poolMaxSize) {
        throw new IllegalArgumentException(
            "poolMinSize is "
                + poolMinSize
                + " (expected at most poolMaxSize, "
                + poolMaxSize
                + ")");
      }
    }
  }
}
