package io.llmharness.preflight;

import java.util.Locale;

/** The libfabric tool that measures RDMA bandwidth. */
public enum RdmaTool {
  /** {@code fi_rdm_bw} when fabtests is installed on both nodes, otherwise {@code fi_pingpong}. */
  AUTO,
  /** fabtests' streaming bandwidth test over RDM endpoints (a window of messages in flight). */
  FI_RDM_BW,
  /** libfabric's ping-pong utility (one message in flight; a lower bound of the bandwidth). */
  FI_PINGPONG;

  /** The executable name, such as {@code fi_rdm_bw}. */
  public String executable() {
    if (this == AUTO) {
      throw new IllegalStateException("AUTO is resolved to a tool before it runs");
    }
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code auto}, {@code fi_rdm_bw} or {@code fi_pingpong} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static RdmaTool parse(String text) {
    for (RdmaTool tool : values()) {
      if (tool.name().equalsIgnoreCase(text.strip())) {
        return tool;
      }
    }
    throw new IllegalArgumentException(
        "RDMA tool '" + text + "' is unknown; use auto, fi_rdm_bw or fi_pingpong");
  }
}
