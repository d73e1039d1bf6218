package io.llmharness.scenario;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the scenario's server is deployed: one node, or prefill and decode nodes joined by EFA/TCP.
 */
public enum Backend {
  /** One server does prefill and decode. */
  UNIFIED,
  /** Prefill and decode servers behind the proxy; KV cache moved by NIXL over EFA (LIBFABRIC). */
  EFA,
  /** Prefill and decode servers behind the proxy; KV cache moved by NIXL over TCP (UCX). */
  TCP;

  /** True for the disaggregated backends, which go through the proxy. */
  public boolean disaggregated() {
    return this != UNIFIED;
  }

  /** The lower-case name the seed's JSON uses ({@code none} for unified). */
  public String seedName() {
    return this == UNIFIED ? "none" : name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a backend name case-insensitively.
   *
   * @throws IllegalArgumentException naming the known backends when the name is unknown
   */
  public static Backend parse(String name) {
    for (Backend b : values()) {
      if (b.name().equalsIgnoreCase(name.trim())) {
        return b;
      }
    }
    throw new IllegalArgumentException(
        "unknown backend ["
            + name
            + "]; use one of "
            + Arrays.stream(values())
                .map(b -> b.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ")));
  }
}
