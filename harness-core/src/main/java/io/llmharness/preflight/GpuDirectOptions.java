package io.llmharness.preflight;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Options of the GPUDirect RDMA check.
 *
 * @param commandTimeout limit for each command the check runs on the node
 * @param environment variables that override the node's environment for the check, such as the
 *     {@code FI_EFA_USE_DEVICE_RDMA} the servers will be started with
 * @param evidenceLogs log files on the node to search for runtime evidence (NCCL's {@code via
 *     NET/…/GDRDMA} lines)
 * @param networkGbps measured RDMA bandwidth for the bounce-buffer estimate; empty for no estimate
 * @param networkSource where {@code networkGbps} comes from
 * @param kvBytesPerToken KV bytes per token for the estimate
 * @param kvTokens tokens for the estimate
 * @param hostCopyGBps assumed device-host copy rate for the estimate, GB/s
 */
public record GpuDirectOptions(
    Duration commandTimeout,
    Map<String, String> environment,
    List<String> evidenceLogs,
    OptionalDouble networkGbps,
    String networkSource,
    long kvBytesPerToken,
    long kvTokens,
    double hostCopyGBps) {

  public GpuDirectOptions {
    Objects.requireNonNull(commandTimeout, "commandTimeout");
    environment = Map.copyOf(environment);
    evidenceLogs = List.copyOf(evidenceLogs);
    Objects.requireNonNull(networkGbps, "networkGbps");
    Objects.requireNonNull(networkSource, "networkSource");
    if (commandTimeout.isNegative() || commandTimeout.isZero()) {
      throw new IllegalArgumentException(
          "command timeout " + commandTimeout + " must be positive, such as PT30S");
    }
  }

  /** Defaults: 30 s per command, no overrides, no estimate, Qwen2.5-32B at 20,000 tokens. */
  public static GpuDirectOptions defaults() {
    return new GpuDirectOptions(
        Duration.ofSeconds(30),
        Map.of(),
        List.of(),
        OptionalDouble.empty(),
        "",
        BounceBufferEstimate.QWEN25_32B_KV_BYTES_PER_TOKEN,
        20_000,
        BounceBufferEstimate.DEFAULT_HOST_COPY_GBPS);
  }

  /** These options with a measured network rate for the bounce-buffer estimate. */
  public GpuDirectOptions withNetwork(double gbps, String source) {
    return new GpuDirectOptions(
        commandTimeout,
        environment,
        evidenceLogs,
        OptionalDouble.of(gbps),
        source,
        kvBytesPerToken,
        kvTokens,
        hostCopyGBps);
  }
}
