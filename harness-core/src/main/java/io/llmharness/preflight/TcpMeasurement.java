package io.llmharness.preflight;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * TCP bandwidth measured with iperf3: a server on node 2, a client with several parallel streams on
 * node 1, JSON output ({@code -J}).
 *
 * @param status how the measurement ended
 * @param error why it failed or was skipped
 * @param toolVersion such as {@code iperf 3.12}
 * @param serverCommand the server command on node 2
 * @param clientCommand the client command on node 1
 * @param parallelStreams streams ({@code -P})
 * @param duration test length ({@code -t})
 * @param receivedGbps {@code end.sum_received.bits_per_second} in Gbit/s: what the server received
 * @param sentGbps {@code end.sum_sent.bits_per_second} in Gbit/s
 * @param perStreamReceivedGbps each stream's received rate in Gbit/s
 * @param retransmits TCP retransmits reported by the sender
 * @param startedAt when the server was started
 * @param finishedAt when both sides had ended
 * @param clientOutput the client's standard output (the JSON)
 * @param clientError the client's standard error
 * @param serverOutput the server's output
 */
public record TcpMeasurement(
    MeasurementStatus status,
    Optional<String> error,
    Optional<String> toolVersion,
    List<String> serverCommand,
    List<String> clientCommand,
    int parallelStreams,
    Duration duration,
    OptionalDouble receivedGbps,
    OptionalDouble sentGbps,
    List<Double> perStreamReceivedGbps,
    OptionalLong retransmits,
    Instant startedAt,
    Instant finishedAt,
    String clientOutput,
    String clientError,
    String serverOutput)
    implements Measurement {

  public TcpMeasurement {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(toolVersion, "toolVersion");
    serverCommand = List.copyOf(serverCommand);
    clientCommand = List.copyOf(clientCommand);
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(receivedGbps, "receivedGbps");
    Objects.requireNonNull(sentGbps, "sentGbps");
    perStreamReceivedGbps = List.copyOf(perStreamReceivedGbps);
    Objects.requireNonNull(retransmits, "retransmits");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(clientOutput, "clientOutput");
    Objects.requireNonNull(clientError, "clientError");
    Objects.requireNonNull(serverOutput, "serverOutput");
    Measurements.requireConsistent("TCP", status, "received rate", receivedGbps, error);
  }

  /** The bandwidth: the received rate. */
  @Override
  public OptionalDouble gbps() {
    return receivedGbps;
  }

  /** The tool name. */
  public String tool() {
    return "iperf3";
  }
}
