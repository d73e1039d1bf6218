package io.llmharness.preflight.internal;

import io.llmharness.preflight.BandwidthOptions;
import io.llmharness.preflight.CommandResult;
import io.llmharness.preflight.CommandRunner;
import io.llmharness.preflight.MeasurementStatus;
import io.llmharness.preflight.TcpMeasurement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Runs iperf3 between two nodes and turns its JSON into a {@link TcpMeasurement}. */
public final class Iperf3Probe {

  private Iperf3Probe() {}

  /** The server command: one test, then exit. */
  static List<String> serverCommand(BandwidthOptions o) {
    return List.of("iperf3", "-s", "-p", Integer.toString(o.iperf3Port()), "-1");
  }

  /** The client command, JSON output. */
  static List<String> clientCommand(BandwidthOptions o, String serverAddress) {
    return List.of(
        "iperf3",
        "-c",
        serverAddress,
        "-p",
        Integer.toString(o.iperf3Port()),
        "-t",
        Long.toString(o.duration().toSeconds()),
        "-P",
        Integer.toString(o.parallelStreams()),
        "-J");
  }

  public static TcpMeasurement measure(
      CommandRunner client, CommandRunner server, BandwidthOptions o) {
    List<String> serverCommand = serverCommand(o);
    List<String> clientCommand = clientCommand(o, server.address());
    Instant started = Instant.now();
    if (!o.tcpEnabled()) {
      return notMeasured(
          o,
          MeasurementStatus.SKIPPED,
          "TCP measurement disabled by configuration",
          started,
          clientCommand,
          Optional.empty(),
          "");
    }
    CommandResult result;
    String serverOutput;
    try (ServerSession session =
        ServerSession.start(server, serverCommand, o.iperf3Port(), o.serverStartTimeout())) {
      result = client.run(clientCommand, clientTimeout(o));
      serverOutput = session.output();
    } catch (ListeningPorts.NotListeningException e) {
      return notMeasured(
          o,
          MeasurementStatus.FAILED,
          "iperf3 server on " + server.name() + ": " + e.getMessage(),
          started,
          clientCommand,
          Optional.empty(),
          "");
    }
    try {
      Iperf3Json.Summary s = Iperf3Json.parse(result.stdout());
      return new TcpMeasurement(
          MeasurementStatus.OK,
          Optional.empty(),
          s.version(),
          serverCommand,
          clientCommand,
          s.streams(),
          o.duration(),
          OptionalDouble.of(s.receivedBitsPerSecond() / 1e9),
          s.sentBitsPerSecond().isPresent()
              ? OptionalDouble.of(s.sentBitsPerSecond().getAsDouble() / 1e9)
              : OptionalDouble.empty(),
          s.perStreamReceivedBitsPerSecond().stream().map(b -> b / 1e9).toList(),
          s.retransmits(),
          started,
          Instant.now(),
          result.stdout(),
          result.stderr(),
          serverOutput);
    } catch (Iperf3Json.Iperf3Exception e) {
      String why =
          result.exitCode() == CommandResult.NOT_STARTED || result.timedOut()
              ? result.failureSummary()
              : e.getMessage() + (result.succeeded() ? "" : " (" + result.failureSummary() + ")");
      return notMeasured(
          o,
          MeasurementStatus.FAILED,
          "iperf3 client on " + client.name() + ": " + why,
          started,
          clientCommand,
          Optional.of(result),
          serverOutput);
    }
  }

  /** A failed or skipped measurement, with what the client and server printed, if they ran. */
  private static TcpMeasurement notMeasured(
      BandwidthOptions o,
      MeasurementStatus status,
      String error,
      Instant started,
      List<String> clientCommand,
      Optional<CommandResult> client,
      String serverOutput) {
    return new TcpMeasurement(
        status,
        Optional.of(error),
        Optional.empty(),
        serverCommand(o),
        clientCommand,
        o.parallelStreams(),
        o.duration(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        List.of(),
        OptionalLong.empty(),
        started,
        Instant.now(),
        client.map(CommandResult::stdout).orElse(""),
        client.map(CommandResult::stderr).orElse(""),
        serverOutput);
  }

  /** The client's limit: the test length plus the margin. */
  static Duration clientTimeout(BandwidthOptions o) {
    return o.duration().plus(o.toolTimeoutMargin());
  }
}
