package io.llmharness.preflight;

import java.util.Locale;

/**
 * Whether GPUDirect RDMA is active on a node, weakest first. Only {@link #ENABLED} rests on
 * evidence that transfers actually used it (a runtime log); the other values are inferred from the
 * node's hardware and software.
 */
public enum GpuDirectStatus {
  /** Impossible on this node: no RDMA device, or no NVIDIA GPU. */
  UNSUPPORTED,
  /** Something on the node prevents it (no GPU memory registration path, remote NIC, …). */
  LIKELY_DISABLED,
  /** The signals are missing or contradict each other. */
  UNKNOWN,
  /** Every prerequisite is in place. */
  LIKELY_ENABLED,
  /** The prerequisites are in place and a runtime log shows GPUDirect RDMA in use. */
  ENABLED;

  /** The name used in JSON and reports: {@code enabled}, {@code likely_enabled}, … */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True when this status is at least as strong as {@code minimum}. */
  public boolean satisfies(GpuDirectStatus minimum) {
    return compareTo(minimum) >= 0;
  }
}
