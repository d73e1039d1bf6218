package io.llmharness.junit.internal.preflight;

/** Fails a test whose preflight precondition is unmet when failing was asked for. */
public final class PreconditionNotMetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PreconditionNotMetException(String message) {
    super(message);
  }
}
