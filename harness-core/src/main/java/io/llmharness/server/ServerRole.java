package io.llmharness.server;

import java.util.Locale;

/** What a server does in a deployment. */
public enum ServerRole {
  /** Prefill and decode on one server. */
  UNIFIED,
  /** Prefill only; hands its KV cache to a decode server (NIXL producer). */
  PREFILL,
  /** Decode; pulls the KV cache from a prefill server (NIXL consumer). */
  DECODE;

  /** {@code unified}, {@code prefill} or {@code decode}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
