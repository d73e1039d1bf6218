package io.llmharness.server;

/**
 * A server of the deployment exited or stopped answering during a scenario. The message carries the
 * last lines of its log; results already written are untouched, and the next scenario gets a fresh
 * deployment.
 */
public final class ServerDiedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ServerDiedException(String message) {
    super(message);
  }
}
