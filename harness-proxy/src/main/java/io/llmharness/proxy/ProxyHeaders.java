package io.llmharness.proxy;

/**
 * Names of what the proxy adds to responses. Times are milliseconds written with two decimals
 * ({@code %.2f}, {@code Locale.ROOT}); {@code harness-proxy/README.md} defines each one.
 *
 * @since 0.1.0
 */
public final class ProxyHeaders {
  /**
   * Client request received (head decoded) to the prefill server's full response, minus the
   * context-length check in between ({@link #LENGTH_CHECK_TIME}).
   */
  public static final String PREFILL_TIME = "X-Proxy-Prefill-Time";

  /** Prefill response received to the decode request body built with its kv_transfer_params. */
  public static final String KV_EXTRACT_TIME = "X-Proxy-KV-Extract-Time";

  /**
   * Time spent on the context-length check (not part of the prefill time); 0.00 when decided
   * locally, absent when no check ran.
   */
  public static final String LENGTH_CHECK_TIME = "X-Proxy-Length-Check-Time";

  /** Non-streaming only: decode request about to be sent to the decode server's full response. */
  public static final String DECODE_TIME = "X-Proxy-Decode-Time";

  /** Non-streaming only: client request received to the decode server's full response. */
  public static final String TOTAL_TIME = "X-Proxy-Total-Time";

  /** {@code usage.prompt_tokens} of the prefill response. */
  public static final String PREFILL_PROMPT_TOKENS = "X-Proxy-Prefill-Prompt-Tokens";

  /** {@code usage.prompt_tokens_details.cached_tokens} of the prefill response, when present. */
  public static final String PREFILL_CACHED_TOKENS = "X-Proxy-Prefill-Cached-Tokens";

  /** {@code finish_reason} of the prefill response's first choice. */
  public static final String PREFILL_FINISH_REASON = "X-Proxy-Prefill-Finish-Reason";

  /** Number of {@code remote_block_ids} the prefill server pinned for the decode server. */
  public static final String REMOTE_BLOCKS = "X-Proxy-Remote-Blocks";

  /** {@code remote_engine_id} of the prefill server. */
  public static final String REMOTE_ENGINE_ID = "X-Proxy-Remote-Engine-Id";

  /** The prefill server's URL chosen for this request. */
  public static final String PREFILL_SERVER = "X-Proxy-Prefill-Server";

  /** The decode server's URL chosen for this request. */
  public static final String DECODE_SERVER = "X-Proxy-Decode-Server";

  /**
   * {@code missing} when the prefill server returned no kv_transfer_params and the decode server
   * prefilled the prompt itself ({@code --on-missing-kv-params recompute}).
   */
  public static final String KV_PARAMS = "X-Proxy-KV-Params";

  /** {@code prefill} or {@code decode}: which server an error response came from or is about. */
  public static final String ERROR_SIDE = "X-Proxy-Error-Side";

  /**
   * SSE comment key written before {@code data: [DONE]}: the decode request about to be sent to the
   * first byte of the first {@code data:} line of the decode stream.
   */
  public static final String DECODE_FIRST_TOKEN_TIME_KEY = "proxy_decode_first_token_time";

  /** SSE comment key written before {@code data: [DONE]}: client request received to [DONE]. */
  public static final String TOTAL_TIME_KEY = "proxy_total_time";

  private ProxyHeaders() {}
}
