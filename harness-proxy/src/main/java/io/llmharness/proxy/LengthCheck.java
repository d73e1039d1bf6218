package io.llmharness.proxy;

import java.util.Locale;

/**
 * How the proxy checks a prompt against the decode server's {@code max_model_len} before the
 * prefill call, so that an oversized request is rejected without pinning KV blocks on the prefill
 * server.
 *
 * @since 0.1.0
 */
public enum LengthCheck {
  /**
   * Token-id prompts are counted locally; a text prompt is asked about ({@code POST /tokenize} on
   * the decode server) only when its byte count cannot prove that it fits.
   */
  AUTO,
  /** Like {@link #AUTO}, but every text prompt is counted with {@code /tokenize}. */
  TOKENIZE,
  /** No check: the servers validate, and a prompt too long for decode leaves blocks pinned. */
  OFF;

  /** The flag value. */
  public String flagValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a flag value. */
  public static LengthCheck parse(String value) {
    for (LengthCheck v : values()) {
      if (v.flagValue().equals(value)) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "--length-check " + value + " is not supported; use auto, tokenize or off");
  }
}
