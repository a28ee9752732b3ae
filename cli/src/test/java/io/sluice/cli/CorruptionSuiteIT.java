package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.model.DatabaseConfig;
import io.sluice.model.Event;
import io.sluice.model.TraceEvent;
import io.sluice.testing.PostgresExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import picocli.CommandLine;

/**
 * The seeded corruption suite (issue 9): copies of a spool of one cycle file (1,000 events) and of
 * one of three files (3 x 300), each damaged one seeded way ({@link SeededDamage.Kind}); then
 * {@code verify}, {@code status --json}, {@code tail}, {@code dump}, a writer appending five new
 * events, {@code drain --until-empty --timeout} and {@code status --json} again.
 *
 * <p>For every case: no command hangs or crashes (each runs under a hard time limit; a JVM crash
 * fails the run); {@code verify} exits 1 naming the damaged file; the others exit 0, or 1 with one
 * line naming it and no stack trace; after the drain, {@code appended} is what was appended (base
 * plus five) and equals committed + dead-lettered + dropped + unreadable + backlog, with backlog 0;
 * in PostgreSQL every intact record's event is there exactly once, no event twice, and the five new
 * events are there.
 *
 * <p>The cases run in this JVM through the same command classes {@code bin/sluice} runs; {@link
 * CorruptionLauncherIT} runs one case of each kind through the real launcher, in child JVMs (a
 * SIGBUS crash shows only there). Counts print at the end.
 *
 * <p>Two cases run at a time ({@link #PARALLEL_CASES}; the cli module's Failsafe enables JUnit's
 * parallel execution, and only the classes marked {@code CONCURRENT} use it): each case has its own
 * copy of the spool, its own database and its own commands; one case runs its commands one after
 * another on about one core, so a second case uses the other core of a 2-core machine.
 */
class CorruptionSuiteIT {
  static final long SEED = 9;
  static final int SEEDS_PER_KIND_AND_SHAPE = Integer.getInteger("sluice.corruption.seeds", 5);
  private static final Duration COMMAND_LIMIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<SeededDamage.Kind, int[]> COUNTS =
      new EnumMap<>(SeededDamage.Kind.class);

  @TempDir static Path tmp;
  static BaseSpool single;
  static BaseSpool multi;
  static DatabaseConfig template;
  private static final AtomicInteger DATABASES = new AtomicInteger();
  static final int PARALLEL_CASES = 2;
  private static final Semaphore RUNNING = new Semaphore(PARALLEL_CASES);

  @BeforeAll
  static void seed() throws Exception {
    single = BaseSpool.write(tmp.resolve("base-single"), 1000, 1);
    multi = BaseSpool.write(tmp.resolve("base-multi"), 300, 4, 3, 2);
    assertEquals(1, single.files.size());
    assertEquals(3, multi.files.size());
    prepareTemplate(tmp);
  }

  /**
   * Each case drains into a database of its own (copies of a spool share its id): copies of one
   * migrated template, so no case pays for the migrations.
   */
  static synchronized void prepareTemplate(Path workDir) throws Exception {
    if (template != null) {
      return;
    }
    template = PostgresExtension.createDatabase();
    Path empty = Files.createTempDirectory(workDir, "template-spool");
    Files.delete(empty);
    SpoolFixtures.append(empty, List.of());
    Run r =
        run(
            env(template),
            "drain",
            "--until-empty",
            "--timeout",
            "60s",
            "--spool",
            empty.toString());
    assertEquals(0, r.code, r::toString);
  }

  /**
   * A new database copied from the migrated template; one at a time (a copy needs the template free
   * of sessions).
   */
  static synchronized DatabaseConfig newDatabase() throws SQLException {
    String name = "corruption_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    String url = template.jdbcUrl();
    String templateName = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
    // Connected to another database: a template must have no session while it is copied.
    String admin = url.replace("/" + templateName, "/postgres");
    try (Connection c = DriverManager.getConnection(admin, template.user(), password());
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name + " TEMPLATE " + templateName);
    }
    DatabaseConfig.Builder b =
        DatabaseConfig.builder()
            .jdbcUrl(url.replace("/" + templateName, "/" + name))
            .user(template.user())
            .poolMaxSize(4);
    if (password() != null) {
      b.password(password());
    }
    return b.build();
  }

  private static String password() {
    return System.getenv("SLUICE_TEST_PASSWORD");
  }

  @AfterAll
  static synchronized void printCounts() {
    int cases = 0;
    int passed = 0;
    StringBuilder s = new StringBuilder();
    for (Map.Entry<SeededDamage.Kind, int[]> e : COUNTS.entrySet()) {
      cases += e.getValue()[0];
      passed += e.getValue()[1];
      s.append(' ')
          .append(e.getKey())
          .append('=')
          .append(e.getValue()[1])
          .append('/')
          .append(e.getValue()[0]);
    }
    System.out.println(
        "corruption suite (in-process): " + passed + " of " + cases + " cases passed;" + s);
  }

  @TestFactory
  @Execution(ExecutionMode.CONCURRENT)
  Stream<DynamicTest> seededCases() {
    List<DynamicTest> tests = new ArrayList<>();
    Random seeds = new Random(SEED);
    int n = 0;
    for (SeededDamage.Kind kind : SeededDamage.Kind.values()) {
      for (boolean several : new boolean[] {false, true}) {
        for (int i = 0; i < SEEDS_PER_KIND_AND_SHAPE; i++) {
          long seed = seeds.nextLong();
          int number = ++n;
          String name =
              "#" + number + " " + kind + (several ? " 3 files" : " 1 file") + " seed " + seed;
          tests.add(
              DynamicTest.dynamicTest(
                  name, () -> limited(() -> runCase(number, kind, several, seed))));
        }
      }
    }
    return tests.stream();
  }

  /** Runs {@code body} when fewer than {@link #PARALLEL_CASES} others run. */
  static void limited(Executable body) throws Throwable {
    RUNNING.acquire();
    try {
      body.execute();
    } finally {
      RUNNING.release();
    }
  }

  private static synchronized void count(SeededDamage.Kind kind, int which) {
    COUNTS.computeIfAbsent(kind, k -> new int[2])[which]++;
  }

  private void runCase(int number, SeededDamage.Kind kind, boolean several, long seed)
      throws Exception {
    long start = System.nanoTime();
    count(kind, 0);
    BaseSpool base = several ? multi : single;
    Path dir = tmp.resolve("case-" + number);
    base.copyTo(dir);
    SeededDamage damage = SeededDamage.apply(kind, base, dir, new Random(seed));
    DatabaseConfig db = newDatabase();
    Map<String, String> env = env(db);
    String spool = dir.toString();
    String name = damage.file.getFileName().toString();

    Run verify = run(env, "verify", "--json", "--spool", spool);
    assertEquals(1, verify.code, () -> damage + ": verify exits 1\n" + verify);
    assertTrue(
        verify.out.contains(name) || verify.err.contains(name),
        () -> damage + ": verify names " + name + "\n" + verify);
    assertNamesDamage(verify, name, damage);

    for (String[] args :
        List.of(
            new String[] {"status", "--json"},
            new String[] {"tail", "--limit", "5"},
            new String[] {"dump", "--out", dir.resolve("dump.txt").toString()})) {
      String[] full =
          Stream.concat(Stream.of(args), Stream.of("--spool", spool)).toArray(String[]::new);
      Run r = run(env, full);
      assertTrue(r.code == 0 || r.code == 1, () -> damage + ": " + r);
      assertFalse(r.err.contains("\tat ") || r.out.contains("\tat "), () -> "stack trace: " + r);
      if (r.code == 1) {
        // One line: a damaged file named, or (a record whose bytes changed) the damaged count.
        assertEquals(1, r.err.lines().filter(l -> !l.isBlank()).count(), () -> "one line: " + r);
        assertTrue(
            r.err.contains(name) || r.err.contains("damaged record"),
            () -> damage + ": names the file: " + r);
      }
    }

    List<Event> after = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      after.add(
          TraceEvent.builder().traceId("suite").eventType("after").message("after-" + i).build());
    }
    SpoolFixtures.append(dir, after); // a writable open: repairs the spool, then appends

    Run drain = run(env, "drain", "--until-empty", "--timeout", "60s", "--spool", spool);
    assertEquals(0, drain.code, () -> damage + ": drain\n" + drain);

    Run status = run(env, "status", "--json", "--spool", spool);
    assertEquals(0, status.code, () -> damage + ": status\n" + status);
    JsonNode s = JSON.readTree(status.out.strip());
    long appended = s.get("appended").asLong();
    assertEquals(base.size() + 5, appended, () -> damage + ": appended unchanged\n" + status);
    assertEquals(0, s.get("backlog").asLong(), () -> damage + ": backlog\n" + status);
    assertEquals(
        appended,
        s.get("committed").asLong()
            + s.get("dead_lettered").asLong()
            + s.get("dropped").asLong()
            + s.get("unreadable").asLong()
            + s.get("backlog").asLong(),
        () ->
            damage
                + ": appended = committed + dead_lettered + dropped + unreadable + backlog\n"
                + status);
    assertTrue(s.get("accounting_holds").asBoolean(), () -> damage + "\n" + status);

    Map<String, Integer> rows = messages(db);
    assertEquals(
        s.get("committed").asLong(),
        rows.values().stream().mapToInt(i -> i).sum(),
        () -> damage + ": rows = committed");
    for (Map.Entry<String, Integer> e : rows.entrySet()) {
      assertEquals(1, e.getValue(), () -> damage + ": " + e.getKey() + " delivered once");
    }
    int lostIntact = 0;
    for (BaseSpool.Placed r : base.records) {
      if (damage.intact(r) && !rows.containsKey("event-" + r.number())) {
        lostIntact++;
      }
    }
    int lost = lostIntact;
    assertEquals(0, lost, () -> damage + ": intact records not delivered: " + lost + "\n" + status);
    for (int i = 0; i < 5; i++) {
      assertTrue(rows.containsKey("after-" + i), () -> damage + ": appended after the damage");
    }
    count(kind, 1);
    System.out.printf(
        "corruption case #%d %s: ok in %d ms%n",
        number, damage, (System.nanoTime() - start) / 1_000_000);
  }

  /** The damaged file's entry in verify's JSON shows the damage (a problem or a bad record). */
  private static void assertNamesDamage(Run verify, String name, SeededDamage damage)
      throws IOException {
    JsonNode v = JSON.readTree(verify.out.strip());
    if (name.equals("metadata.cq4t")) {
      assertTrue(v.hasNonNull("metadata_problem"), () -> damage + ": " + verify);
      assertTrue(v.get("metadata_file").asText().endsWith(name), () -> damage + ": " + verify);
      return;
    }
    for (JsonNode f : v.get("files")) {
      if (f.get("file").asText().equals(name)) {
        boolean shown =
            (f.has("problems") && f.get("problems").size() > 0)
                || (f.has("damaged") && f.get("damaged").isArray() && f.get("damaged").size() > 0)
                || f.get("unreadable").asLong() > 0;
        assertTrue(shown, () -> damage + ": verify shows the damage of " + name + "\n" + verify);
        return;
      }
    }
    throw new AssertionError(damage + ": verify does not list " + name + "\n" + verify);
  }

  static Map<String, String> env(DatabaseConfig db) {
    Map<String, String> env = new HashMap<>();
    env.put("SLUICE_JDBC_URL", db.jdbcUrl());
    env.put("POSTGRES_USER", db.user());
    String password = System.getenv("SLUICE_TEST_PASSWORD");
    if (password != null) {
      env.put("POSTGRES_PASSWORD", password);
    }
    return env;
  }

  static Map<String, Integer> messages(DatabaseConfig db) throws SQLException {
    Map<String, Integer> rows = new TreeMap<>();
    String password = System.getenv("SLUICE_TEST_PASSWORD");
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), password);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT message, count(*) FROM agent_observability.trace_events GROUP BY 1")) {
      while (rs.next()) {
        rows.put(rs.getString(1), rs.getInt(2));
      }
    }
    return rows;
  }

  record Run(List<String> args, int code, String out, String err) {
    @Override
    public String toString() {
      return "sluice "
          + String.join(" ", args)
          + " -> exit "
          + code
          + "\n--- stdout\n"
          + out
          + "--- stderr\n"
          + err;
    }
  }

  /** Runs one command in this JVM, as bin/sluice would, under a hard time limit. */
  static Run run(Map<String, String> env, String... args) {
    return assertTimeoutPreemptively(
        COMMAND_LIMIT,
        () -> {
          CommandLine cmd = Main.commandLine(env);
          StringWriter out = new StringWriter();
          StringWriter err = new StringWriter();
          cmd.setOut(new PrintWriter(out, true));
          cmd.setErr(new PrintWriter(err, true));
          int code = cmd.execute(args);
          return new Run(List.of(args), code, out.toString(), err.toString());
        },
        () -> "sluice " + String.join(" ", args) + " hung");
  }

  static void deleteQuietly(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
