package io.llmharness.emulator.internal.profile;

/**
 * A KV-transfer link: effective bandwidth and a fixed cost per transfer.
 *
 * @param gbps effective bandwidth in gigabits per second (10^9 bit/s)
 * @param latencyMs fixed cost of one transfer
 */
public record Link(double gbps, double latencyMs) {

  public Link {
    if (!(gbps > 0)) {
      throw new IllegalArgumentException("links.*.gbps " + gbps + " must be positive");
    }
    if (latencyMs < 0) {
      throw new IllegalArgumentException("links.*.latency_ms " + latencyMs + " is negative");
    }
  }

  /** Milliseconds the link needs to move the bytes on its own (without queueing). */
  public double transferMs(long bytes) {
    return bytes * 8.0 / (gbps * 1e9) * 1000.0 + latencyMs;
  }

  /** Milliseconds the bytes occupy the link (excluding the fixed latency). */
  public double occupancyMs(long bytes) {
    return bytes * 8.0 / (gbps * 1e9) * 1000.0;
  }
}
