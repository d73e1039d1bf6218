package io.llmharness.proxy;

import java.util.Locale;

/**
 * What the proxy does when the prefill server answers without {@code kv_transfer_params} (a server
 * started without NixlConnector, or a prefill that stopped on EOS and so pinned no blocks).
 *
 * @since 0.1.0
 */
public enum OnMissingKvParams {
  /** Answer 502 naming the prefill server: no KV transfer would happen, so nothing is measured. */
  FAIL,
  /**
   * Send the decode request without parameters, so the decode server prefills the prompt itself;
   * the response carries {@code X-Proxy-KV-Params: missing}.
   */
  RECOMPUTE;

  /** The flag value, {@code fail} or {@code recompute}. */
  public String flagValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a flag value. */
  public static OnMissingKvParams parse(String value) {
    for (OnMissingKvParams v : values()) {
      if (v.flagValue().equals(value)) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "--on-missing-kv-params " + value + " is not supported; use fail or recompute");
  }
}
