package io.sluice.internal.db;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * Tells HikariCP to evict a connection that found itself on a read-only server (SQLSTATE 25006: the
 * host it reached is a standby, or a primary just demoted by a failover), so the next borrow
 * connects again and pgjdbc's {@code targetServerType=primary} finds the new primary. Other errors
 * keep HikariCP's own rules (08xxx and its list of fatal states evict).
 */
public final class ReadOnlyEviction implements SQLExceptionOverride {
  @java.lang.Override
  public SQLExceptionOverride.Override adjudicate(SQLException e) {
    return "25006".equals(e.getSQLState())
        ? SQLExceptionOverride.Override.MUST_EVICT
        : SQLExceptionOverride.Override.CONTINUE_EVICT;
  }
}
