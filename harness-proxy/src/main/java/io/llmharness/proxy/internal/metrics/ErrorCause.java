package io.llmharness.proxy.internal.metrics;

import java.util.Locale;

/** Why the proxy answered a request with an error, as counted in {@code proxy_errors_total}. */
public enum ErrorCause {
  /** The request body was not a JSON object, or had the wrong content type. */
  BAD_REQUEST,
  /** The request body exceeded {@code --max-body-size}. */
  BODY_TOO_LARGE,
  /** The prompt does not fit the decode server's context length (answered by the decode server). */
  CONTEXT_LENGTH,
  /** No connection to the prefill server. */
  PREFILL_UNREACHABLE,
  /** The prefill exchange exceeded {@code --prefill-timeout}. */
  PREFILL_TIMEOUT,
  /** The prefill server answered with an error status (relayed). */
  PREFILL_ERROR_STATUS,
  /** The prefill connection broke, or its response was invalid or too large. */
  PREFILL_BROKEN,
  /**
   * The prefill response had no usable kv_transfer_params ({@code --on-missing-kv-params fail}).
   */
  MISSING_KV_PARAMS,
  /** No connection to the decode server. */
  DECODE_UNREACHABLE,
  /** The decode server did not answer within {@code --decode-timeout}. */
  DECODE_TIMEOUT,
  /** The decode server answered with an error status (relayed). */
  DECODE_ERROR_STATUS,
  /** The decode connection broke before or while streaming, or its response was invalid. */
  DECODE_BROKEN,
  /** The decode stream was silent longer than {@code --decode-read-timeout}. */
  DECODE_READ_TIMEOUT,
  /** The client closed its connection before the response was complete. */
  CLIENT_DISCONNECT;

  /** The label value. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
