package io.sluice.model;

/**
 * When a checkpoint commit counts as done, and so when a committed spool cycle file may be deleted.
 * See the README's guarantees for what survives a PostgreSQL failover with each.
 */
public enum CommitDurability {
  /**
   * The primary's own commit (its {@code synchronous_commit} setting). An asynchronous standby
   * promoted after a crash may miss the last commits; committed cycle files are therefore kept for
   * {@code keepCommitted} and re-drained if the checkpoint comes back behind.
   */
  LOCAL,
  /**
   * Each checkpoint transaction runs {@code SET LOCAL synchronous_commit = remote_apply}: its
   * COMMIT returns once a synchronous standby has applied it, so a promoted standby has it. Has
   * effect only when the server's {@code synchronous_standby_names} is set (checked and logged on
   * every connect); then committed cycle files are deleted without the grace period.
   */
  REPLICATED
}
