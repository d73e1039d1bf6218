package io.llmharness.results;

/** Why a request failed. A failed request is never counted as a success. */
public enum ErrorCause {
  /** The server answered with a non-2xx status (the body's vLLM error envelope is kept). */
  HTTP_STATUS,
  /** The stream carried a {@code data: {"error": ...}} event after it had started. */
  ERROR_EVENT,
  /** The stream ended without {@code [DONE]} or without a finish_reason. */
  INCOMPLETE_STREAM,
  /** No complete answer within the request timeout (a stalled stream ends here). */
  TIMEOUT,
  /** The server refused the connection (not listening, or still loading). */
  CONNECTION_REFUSED,
  /** The connection failed or was reset after it was established. */
  CONNECTION_FAILED,
  /** The server sent something that is not the OpenAI wire format (bad JSON, no choices). */
  PROTOCOL,
  /** The harness cancelled the request (the run was stopped). */
  CANCELLED,
  /**
   * The harness ended the request because a server of the deployment died or stopped answering
   * {@code /health} during the scenario (its message names the server).
   */
  SERVER_UNHEALTHY
}
