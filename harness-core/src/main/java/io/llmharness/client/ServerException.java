package io.llmharness.client;

import java.util.OptionalInt;

/** A server endpoint (other than a measured completion) failed or answered with an error. */
public final class ServerException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public ServerException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status, when the server answered. */
  public OptionalInt status() {
    return status > 0 ? OptionalInt.of(status) : OptionalInt.empty();
  }
}
