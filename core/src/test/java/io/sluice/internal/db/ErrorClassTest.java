package io.sluice.internal.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Classification by SQLSTATE, on exceptions built the way pgjdbc and HikariCP build them: a {@link
 * PSQLException} carrying the server's error fields, wrapped in the causes the pool and Jdbi add.
 */
class ErrorClassTest {

  /** What pgjdbc throws for a server error: fields severity, code, message, optional constraint. */
  static PSQLException server(String sqlState, String constraint) {
    StringBuilder fields =
        new StringBuilder("SERROR\0C").append(sqlState).append("\0Mserver says no\0");
    if (constraint != null) {
      fields.append('n').append(constraint).append('\0');
    }
    fields.append('\0');
    return new PSQLException(new ServerErrorMessage(fields.toString()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"08006", "08001", "53300", "57P01", "40001", "40P01", "55P03"})
  void classify_transientSqlState_isTransient(String state) {
    assertEquals(ErrorClass.TRANSIENT, ErrorClass.classify(server(state, null)));
    assertEquals(ErrorClass.TRANSIENT, ErrorClass.classify(new SQLException("x", state)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"22P02", "22001", "23505", "23502", "54000"})
  void classify_badRowSqlState_isPoison(String state) {
    assertEquals(ErrorClass.POISON, ErrorClass.classify(server(state, "my_constraint")));
  }

  @Test
  void classify_checkViolationNamingAConstraint_isPoison() {
    assertEquals(ErrorClass.POISON, ErrorClass.classify(server("23514", "no_poison")));
  }

  @Test
  void classify_checkViolationWithoutConstraint_isFatal() {
    // PostgreSQL's "no partition of relation found for row": a schema fault, not a bad row
    assertEquals(ErrorClass.FATAL, ErrorClass.classify(server("23514", null)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"42P01", "42703", "42501", "28P01", "28000", "3D000"})
  void classify_configurationSqlState_isFatal(String state) {
    assertEquals(ErrorClass.FATAL, ErrorClass.classify(server(state, null)));
  }

  @Test
  void classify_poolTimeoutWithoutState_isTransient() {
    assertEquals(
        ErrorClass.TRANSIENT,
        ErrorClass.classify(
            new SQLTransientConnectionException("pool - Connection is not available")));
  }

  @Test
  void classify_ioErrors_areTransient() {
    assertEquals(ErrorClass.TRANSIENT, ErrorClass.classify(new IOException("broken pipe")));
    assertEquals(ErrorClass.TRANSIENT, ErrorClass.classify(new EOFException()));
    assertEquals(
        ErrorClass.TRANSIENT,
        ErrorClass.classify(new RuntimeException("wrapped", new ConnectException("refused"))));
  }

  @Test
  void classify_wrappedSqlException_isClassedByTheCause() {
    assertEquals(
        ErrorClass.POISON,
        ErrorClass.classify(new RuntimeException("jdbi", server("23505", "pk"))));
    assertEquals(
        ErrorClass.FATAL,
        ErrorClass.classify(
            new IllegalStateException("a", new RuntimeException("b", server("42P01", null)))));
    assertEquals(
        ErrorClass.TRANSIENT,
        ErrorClass.classify(
            new RuntimeException("a", new RuntimeException("b", server("57P01", null)))));
  }

  @Test
  void classify_batchUpdateException_consultsTheNextException() {
    BatchUpdateException batch =
        new BatchUpdateException("Batch entry 3 was aborted", (String) null, 0, new int[0]);
    batch.setNextException(server("23505", "trace_events_pkey"));
    assertEquals(ErrorClass.POISON, ErrorClass.classify(batch));

    BatchUpdateException fatal =
        new BatchUpdateException("Batch entry 0 was aborted", (String) null, 0, new int[0]);
    fatal.setNextException(server("42P01", null));
    assertEquals(ErrorClass.FATAL, ErrorClass.classify(fatal));
  }

  /**
   * What HikariCP throws when PostgreSQL refuses the login: its connection-timeout exception (a
   * {@link java.sql.SQLTransientException}) carrying the server's SQLSTATE, the login failure as
   * cause and next exception. A wrong password is a configuration fault, not an outage.
   */
  @Test
  void classify_poolTimeoutCausedByAuthenticationFailure_isFatal() {
    PSQLException login = server("28P01", null);
    SQLTransientConnectionException timeout =
        new SQLTransientConnectionException(
            "writer - Connection is not available, request timed out after 5000ms.",
            "28P01",
            login);
    timeout.setNextException(login);
    assertEquals(ErrorClass.FATAL, ErrorClass.classify(timeout));
    assertEquals(
        ErrorClass.FATAL,
        ErrorClass.classify(new RuntimeException("jdbi ConnectionException", timeout)));
  }

  @Test
  void classify_poolTimeoutCausedByConnectionRefused_isTransient() {
    PSQLException refused =
        new PSQLException(
            "Connection to localhost:1 refused",
            org.postgresql.util.PSQLState.CONNECTION_UNABLE_TO_CONNECT,
            new ConnectException("refused"));
    SQLTransientConnectionException timeout =
        new SQLTransientConnectionException(
            "writer - Connection is not available", "08001", refused);
    timeout.setNextException(refused);
    assertEquals(ErrorClass.TRANSIENT, ErrorClass.classify(timeout));
  }

  @Test
  void sqlState_findsTheFirstStateInTheCauseChain() {
    assertEquals("23505", ErrorClass.sqlState(new RuntimeException(server("23505", "pk"))));
    assertEquals(null, ErrorClass.sqlState(new IOException("no state")));
  }
}
