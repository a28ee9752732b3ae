package io.sluice.internal.drain;

/** The checkpoint moved under the drainer: another drainer works on the same spool. */
final class CheckpointConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CheckpointConflictException(String message) {
    super(message);
  }
}
