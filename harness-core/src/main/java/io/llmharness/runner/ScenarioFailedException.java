package io.llmharness.runner;

/**
 * A scenario could not produce a valid result (the server was unusable, or it counted prompt tokens
 * differently from the target). Records already written stay written.
 */
public final class ScenarioFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ScenarioFailedException(String message) {
    super(message);
  }

  public ScenarioFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
