package io.llmharness.preflight;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * RDMA bandwidth measured with libfabric: the server on node 2, the client on node 1, the row of
 * the configured message size picked from the client's table by column name.
 *
 * @param status how the measurement ended
 * @param error why it failed or was skipped
 * @param tool {@link RdmaTool#FI_RDM_BW} or {@link RdmaTool#FI_PINGPONG}
 * @param provider the libfabric provider ({@code efa}, {@code tcp}, {@code verbs})
 * @param libfabricVersion from {@code fi_info --version}, such as {@code 1.17.0}
 * @param serverCommand the server command on node 2
 * @param clientCommand the client command on node 1
 * @param messageSizeBytes the message size ({@code -S})
 * @param iterations messages per size ({@code -I})
 * @param gbps the {@code MB/sec} column × 8 / 1000
 * @param megabytesPerSecond the {@code MB/sec} column (10^6 bytes per second)
 * @param microsecondsPerTransfer the {@code usec/xfer} column
 * @param latencyMicros one-way latency: {@code usec/xfer} of {@code fi_pingpong} (half a round
 *     trip); empty for {@code fi_rdm_bw}, whose {@code usec/xfer} is an inverse rate
 * @param startedAt when the server was started
 * @param finishedAt when both sides had ended
 * @param clientOutput the client's standard output (the table)
 * @param clientError the client's standard error
 * @param serverOutput the server's output
 */
public record RdmaMeasurement(
    MeasurementStatus status,
    Optional<String> error,
    RdmaTool tool,
    String provider,
    Optional<String> libfabricVersion,
    List<String> serverCommand,
    List<String> clientCommand,
    long messageSizeBytes,
    int iterations,
    OptionalDouble gbps,
    OptionalDouble megabytesPerSecond,
    OptionalDouble microsecondsPerTransfer,
    OptionalDouble latencyMicros,
    Instant startedAt,
    Instant finishedAt,
    String clientOutput,
    String clientError,
    String serverOutput)
    implements Measurement {

  public RdmaMeasurement {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(libfabricVersion, "libfabricVersion");
    serverCommand = List.copyOf(serverCommand);
    clientCommand = List.copyOf(clientCommand);
    Objects.requireNonNull(gbps, "gbps");
    Objects.requireNonNull(megabytesPerSecond, "megabytesPerSecond");
    Objects.requireNonNull(microsecondsPerTransfer, "microsecondsPerTransfer");
    Objects.requireNonNull(latencyMicros, "latencyMicros");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(clientOutput, "clientOutput");
    Objects.requireNonNull(clientError, "clientError");
    Objects.requireNonNull(serverOutput, "serverOutput");
    Measurements.requireConsistent("RDMA", status, "bandwidth", gbps, error);
  }
}
