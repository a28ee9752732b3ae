package io.sluice.internal.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.SQLExceptionOverride.Override;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** A connection on a read-only server (a standby after a failover) is evicted, and transient. */
class ReadOnlyEvictionTest {
  @Test
  void readOnlyTransaction_isEvictedAndTransient() {
    SQLException e = new SQLException("cannot execute INSERT in a read-only transaction", "25006");
    assertEquals(Override.MUST_EVICT, new ReadOnlyEviction().adjudicate(e));
    assertEquals(ErrorClass.TRANSIENT, ErrorClass.classify(e));
  }

  @Test
  void otherErrors_keepHikariRules() {
    assertEquals(
        Override.CONTINUE_EVICT,
        new ReadOnlyEviction().adjudicate(new SQLException("dup", "23505")));
  }
}
