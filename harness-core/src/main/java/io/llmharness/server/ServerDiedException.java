package io.llmharness.server;

/**
 * A server of the deployment exited or stopped answering during a scenario. The message carries the
 * last lines of its log; results already written are untouched, and the next scenario gets a fresh
 * deployment.
 */
public final class ServerDiedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  /**
   * @param reason one sentence naming the server and what happened to it, without the log
   * @param logTail the end of that server's log ({@link ServerProcess#logTail()}), or empty
   */
  public ServerDiedException(String reason, String logTail) {
    super(logTail.isEmpty() ? reason + "." : reason + "; " + logTail);
    this.reason = reason;
  }

  /** What happened, in one line without the log: e.g. for the records of cancelled requests. */
  public String reason() {
    return reason;
  }
}
