package io.sluice.internal.db;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The three ways a database write can fail, told apart by SQLSTATE, never by message text.
 *
 * <pre>
 * class      SQLSTATEs                                              the drainer
 * TRANSIENT  08xxx, 53xxx, 57xxx, 58000, 58030, 40001, 40P01,       retries with backoff; counts
 *            55P03, 25006; pool timeouts, I/O errors                  for the circuit breaker
 * POISON     22xxx, 23xxx (but see below), 54000                    isolates the rows PostgreSQL
 *                                                                      rejects; dead-letters them
 * FATAL      everything else: 42xxx (missing table, column,          stops writing, keeps spooling,
 *            privilege), 28xxx (authentication), 3D000, ...          reports why, re-checks slowly
 * </pre>
 *
 * A 23514 without a constraint name is PostgreSQL finding no partition for a row: a schema fault,
 * so FATAL, never a reason to dead-letter a stream.
 */
public enum ErrorClass {
  TRANSIENT,
  POISON,
  FATAL;

  /**
   * Walks the cause chain (and each SQLException's next-exception chain): the first SQLSTATE
   * decides; only when there is none does the exception type (pool timeout, I/O) decide. A refused
   * login reaches us as HikariCP's transient timeout carrying 28P01: a fault, not an outage.
   */
  public static ErrorClass classify(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        for (SQLException e = sql; e != null; e = e.getNextException()) {
          ErrorClass verdict = ofState(e);
          if (verdict != null) {
            return verdict;
          }
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException
          || t instanceof SQLRecoverableException
          || t instanceof IOException) {
        return TRANSIENT;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return FATAL;
  }

  private static ErrorClass ofState(SQLException e) {
    String state = e.getSQLState();
    if (state == null || state.length() != 5) {
      return null;
    }
    if (state.startsWith("08")
        || state.startsWith("53")
        || state.startsWith("57")
        || state.equals("58000")
        || state.equals("58030")
        || state.equals("40001")
        || state.equals("40P01")
        || state.equals("55P03")
        || state.equals("25006")) {
      return TRANSIENT;
    }
    if (state.equals("23514") && !namesConstraint(e)) {
      return FATAL;
    }
    if (state.startsWith("22") || state.startsWith("23") || state.equals("54000")) {
      return POISON;
    }
    return FATAL;
  }

  private static boolean namesConstraint(SQLException e) {
    if (e instanceof PSQLException p) {
      ServerErrorMessage m = p.getServerErrorMessage();
      return m != null && m.getConstraint() != null;
    }
    return true;
  }

  /**
   * One line for logs and status: the SQLSTATE and the server's message when there is one. Never
   * holds the password: pgjdbc does not echo it, and URLs are shown redacted elsewhere.
   */
  public static String describe(Throwable e) {
    SQLException server = deepestWithState(e);
    if (server != null) {
      return "SQLSTATE "
          + server.getSQLState()
          + ": "
          + firstLine(String.valueOf(server.getMessage()));
    }
    return firstLine(String.valueOf(e.getMessage() == null ? e : e.getMessage()));
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** The first SQLSTATE in the chain, or {@code null}. */
  public static String sqlState(Throwable error) {
    SQLException e = firstWithState(error);
    return e == null ? null : e.getSQLState();
  }

  /**
   * The last SQLException in the chain that carries a SQLSTATE: the server's own error rather than
   * a pool's wrapper of it ("password authentication failed", not "connection is not available").
   */
  static SQLException deepestWithState(Throwable error) {
    SQLException found = null;
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        for (SQLException e = sql; e != null; e = e.getNextException()) {
          if (e.getSQLState() != null && e.getSQLState().length() == 5) {
            found = e;
          }
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return found;
  }

  /** The first SQLException in the chain (causes, then next exceptions) that carries a SQLSTATE. */
  public static SQLException firstWithState(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        for (SQLException e = sql; e != null; e = e.getNextException()) {
          if (e.getSQLState() != null && e.getSQLState().length() == 5) {
            return e;
          }
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
