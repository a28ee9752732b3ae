package io.sluice.internal.drain;

/**
 * The checkpoint moved under the drainer (another drainer committed, or a restore reset it): the
 * batch in hand is stale. Not a failure: the drainer resumes after {@link #current()}.
 */
final class CheckpointConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Checkpoint current;

  CheckpointConflictException(String message, Checkpoint current) {
    super(message);
    this.current = current;
  }

  /** Where the checkpoint is now, or {@code null} if its row is gone. */
  public Checkpoint current() {
    return current;
  }
}
