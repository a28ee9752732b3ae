package io.sluice.model;

/** A {@link Sluice} was used after {@link Sluice#close()}. */
public final class SluiceClosedException extends SluiceException {
  private static final long serialVersionUID = 1L;

  public SluiceClosedException(String message) {
    super(message);
  }
}
