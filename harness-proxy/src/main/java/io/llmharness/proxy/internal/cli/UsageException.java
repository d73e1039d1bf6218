package io.llmharness.proxy.internal.cli;

/** A bad command line; the message is the one line the user sees. */
public final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
