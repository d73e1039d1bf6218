package io.llmharness.preflight;

import java.util.Locale;

/**
 * An estimate of what moving a KV cache costs without GPUDirect RDMA, when every byte is staged
 * through host memory: a device-to-host copy on the sender, the network transfer, and a
 * host-to-device copy on the receiver. It is an estimate: the network rate is measured, the copy
 * rate is an assumption, and real transports overlap the stages to a degree that depends on their
 * chunking.
 *
 * <p>With {@code B} = bytes per token × tokens, {@code N} the network rate and {@code C} the host
 * copy rate: direct = B/N; staged, one stage after the other = B/C + B/N + B/C; staged and fully
 * overlapped = max(B/N, B/C). The penalty lies between the overlapped and the sequential figure
 * minus the direct one.
 *
 * @param kvBytesPerToken KV cache bytes per token (Qwen2.5-32B in BF16: 64 layers × 8 KV heads ×
 *     128 dims × 2 (K and V) × 2 bytes = 262,144)
 * @param tokens tokens transferred
 * @param networkGbps the measured RDMA bandwidth used for the network stage, Gbit/s
 * @param networkSource where {@code networkGbps} comes from (such as {@code fi_pingpong efa 16m})
 * @param hostCopyGBps the assumed device-host copy rate, GB/s (10^9 bytes)
 */
public record BounceBufferEstimate(
    long kvBytesPerToken,
    long tokens,
    double networkGbps,
    String networkSource,
    double hostCopyGBps) {

  /**
   * Default assumed host copy rate: pinned-memory copies over PCIe Gen4 x16 reach about 25 GB/s.
   */
  public static final double DEFAULT_HOST_COPY_GBPS = 25.0;

  /** KV bytes per token of Qwen2.5-32B in BF16. */
  public static final long QWEN25_32B_KV_BYTES_PER_TOKEN = 262_144;

  public BounceBufferEstimate {
    if (kvBytesPerToken <= 0 || tokens <= 0) {
      throw new IllegalArgumentException(
          "KV bytes per token " + kvBytesPerToken + " and tokens " + tokens + " must be positive");
    }
    if (!(networkGbps > 0) || !(hostCopyGBps > 0)) {
      throw new IllegalArgumentException(
          "network "
              + networkGbps
              + " Gbit/s and host copy "
              + hostCopyGBps
              + " GB/s must be positive; measure the RDMA bandwidth first");
    }
  }

  /** Bytes moved: bytes per token × tokens. */
  public long kvBytes() {
    return kvBytesPerToken * tokens;
  }

  /** Network time with GPUDirect RDMA (no staging), ms. */
  public double directMillis() {
    return kvBytes() * 8.0 / (networkGbps * 1e9) * 1000;
  }

  /** One host copy (device to host, or host to device), ms. */
  public double hostCopyMillis() {
    return kvBytes() / (hostCopyGBps * 1e9) * 1000;
  }

  /** Staged through host memory, stages one after the other, ms. */
  public double stagedSequentialMillis() {
    return 2 * hostCopyMillis() + directMillis();
  }

  /** Staged through host memory, stages fully overlapped, ms. */
  public double stagedOverlappedMillis() {
    return Math.max(directMillis(), hostCopyMillis());
  }

  /** Lower bound of the penalty (overlapped staging), ms. */
  public double penaltyMinMillis() {
    return stagedOverlappedMillis() - directMillis();
  }

  /** Upper bound of the penalty (sequential staging), ms. */
  public double penaltyMaxMillis() {
    return stagedSequentialMillis() - directMillis();
  }

  /** Why this differs from the guide's "~14 ms direct, ~168 ms bounced for 20K tokens (2.7 GB)". */
  public String comparisonWithGuide() {
    return String.format(
        Locale.ROOT,
        "The guide's figures (about 14 ms direct and 168 ms bounced per 2.7 GB for 20K tokens) imply"
            + " 2.7 GB / 14 ms = 193 GB/s of network and 2.7 GB / 168 ms = 16 GB/s through host memory;"
            + " they are not derived from a measurement, and 20K tokens of Qwen2.5-32B are %,d bytes"
            + " (%.2f GB), not 2.7 GB. This estimate uses the measured %.1f Gbit/s and an assumed %.1f"
            + " GB/s host copy rate.",
        QWEN25_32B_KV_BYTES_PER_TOKEN * 20_000,
        QWEN25_32B_KV_BYTES_PER_TOKEN * 20_000 / 1e9,
        networkGbps,
        hostCopyGBps);
  }
}
