package io.sluice.internal.db;

import java.sql.Connection;
import org.postgresql.core.BaseConnection;

/**
 * Which server a connection reached, as {@code host:port}, for error messages: with a multi-host
 * URL ({@code jdbc:postgresql://h1,h2/db?targetServerType=primary}) the URL alone does not say
 * which host failed. Never holds credentials.
 */
public final class ServerHost {
  private ServerHost() {}

  /** {@code " on host:port"}, or {@code ""} when it cannot be told (never throws). */
  public static String of(Connection c) {
    try {
      return " on " + c.unwrap(BaseConnection.class).getQueryExecutor().getHostSpec();
    } catch (Exception | LinkageError e) {
      return "";
    }
  }
}
