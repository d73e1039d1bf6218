package io.llmharness.results;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The failure of one request: its cause, the HTTP status when there was one, and a message (the
 * server's error message when it sent one).
 *
 * @param cause why the request failed
 * @param httpStatus the HTTP status, or the {@code code} of a mid-stream error event, if any
 * @param message one line describing the failure
 */
public record RequestError(ErrorCause cause, OptionalInt httpStatus, String message) {
  public RequestError {
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(httpStatus, "httpStatus");
    Objects.requireNonNull(message, "message");
  }

  /** An error without an HTTP status. */
  public static RequestError of(ErrorCause cause, String message) {
    return new RequestError(cause, OptionalInt.empty(), message);
  }

  /** An error with the HTTP status (or error-event code) the server reported. */
  public static RequestError of(ErrorCause cause, int httpStatus, String message) {
    return new RequestError(cause, OptionalInt.of(httpStatus), message);
  }
}
