package io.llmharness.preflight.internal;

import io.llmharness.preflight.BandwidthOptions;
import io.llmharness.preflight.CommandResult;
import io.llmharness.preflight.CommandRunner;
import io.llmharness.preflight.MeasurementStatus;
import io.llmharness.preflight.RdmaMeasurement;
import io.llmharness.preflight.RdmaTool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs a libfabric bandwidth tool between two nodes and turns its table into an {@link
 * RdmaMeasurement}.
 *
 * <p>{@code fi_pingpong} (libfabric-bin) exchanges addresses over a TCP control connection on
 * {@code -B} (server) / {@code -P} (client). {@code fi_rdm_bw} (fabtests) is given {@code
 * -E=<port>} so that it exchanges addresses over a TCP socket as well, which the readiness probe
 * can see; its message size option is {@code -S} (the original script's {@code -s} is the source
 * address).
 */
public final class FabricProbe {

  private static final Duration SHORT = Duration.ofSeconds(10);
  private static final Pattern LIBFABRIC_VERSION = Pattern.compile("libfabric:\\s*(\\S+)");

  private FabricProbe() {}

  static List<String> serverCommand(RdmaTool tool, BandwidthOptions o) {
    List<String> c = common(tool, o);
    if (tool == RdmaTool.FI_PINGPONG) {
      c.addAll(List.of("-B", Integer.toString(o.rdmaPort())));
    } else {
      c.add("-E=" + o.rdmaPort());
    }
    return List.copyOf(c);
  }

  static List<String> clientCommand(RdmaTool tool, BandwidthOptions o, String serverAddress) {
    List<String> c = common(tool, o);
    if (tool == RdmaTool.FI_PINGPONG) {
      c.addAll(List.of("-P", Integer.toString(o.rdmaPort())));
    } else {
      c.add("-E=" + o.rdmaPort());
    }
    c.add(serverAddress);
    return List.copyOf(c);
  }

  private static List<String> common(RdmaTool tool, BandwidthOptions o) {
    List<String> c = new ArrayList<>(List.of(tool.executable(), "-p", o.provider()));
    if (tool == RdmaTool.FI_PINGPONG) {
      c.addAll(List.of("-e", o.endpointType()));
    }
    c.addAll(
        List.of("-I", Integer.toString(o.iterations()), "-S", Long.toString(o.messageSizeBytes())));
    return c;
  }

  /** {@code fi_rdm_bw} when both nodes have it, otherwise {@code fi_pingpong}. */
  public static RdmaTool resolve(RdmaTool configured, CommandRunner client, CommandRunner server) {
    if (configured != RdmaTool.AUTO) {
      return configured;
    }
    return InstalledPrograms.has(client, RdmaTool.FI_RDM_BW.executable())
            && InstalledPrograms.has(server, RdmaTool.FI_RDM_BW.executable())
        ? RdmaTool.FI_RDM_BW
        : RdmaTool.FI_PINGPONG;
  }

  public static RdmaMeasurement measure(
      CommandRunner client, CommandRunner server, BandwidthOptions o) {
    Instant started = Instant.now();
    if (!o.rdmaEnabled()) {
      RdmaTool tool = o.rdmaTool() == RdmaTool.AUTO ? RdmaTool.FI_PINGPONG : o.rdmaTool();
      return failed(
          tool,
          o,
          server,
          "RDMA measurement disabled by configuration",
          MeasurementStatus.SKIPPED,
          started,
          Optional.empty(),
          null,
          "");
    }
    RdmaTool tool = resolve(o.rdmaTool(), client, server);
    Optional<String> version = libfabricVersion(client);
    CommandResult result;
    String serverOutput;
    try (ServerSession session =
        ServerSession.start(server, serverCommand(tool, o), o.rdmaPort(), o.serverStartTimeout())) {
      result = client.run(clientCommand(tool, o, server.address()), o.rdmaTimeout());
      serverOutput = session.output();
    } catch (ListeningPorts.NotListeningException e) {
      return failed(
          tool,
          o,
          server,
          tool.executable() + " server on " + server.name() + ": " + e.getMessage(),
          MeasurementStatus.FAILED,
          started,
          version,
          null,
          "");
    }
    List<FabtestsTable.Row> rows = FabtestsTable.parse(result.stdout());
    Optional<FabtestsTable.Row> row = FabtestsTable.rowForSize(rows, o.messageSizeBytes());
    if (row.isEmpty() || !result.succeeded()) {
      return failed(
          tool,
          o,
          server,
          tool.executable()
              + " client on "
              + client.name()
              + ": "
              + explain(tool, o, result, rows, serverOutput),
          MeasurementStatus.FAILED,
          started,
          version,
          result,
          serverOutput);
    }
    FabtestsTable.Row r = row.get();
    double gbps = r.gigabitsPerSecond();
    if (!(gbps > 0)) {
      return failed(
          tool,
          o,
          server,
          tool.executable()
              + " reported "
              + r.megabytesPerSecond()
              + " MB/sec for "
              + r.bytesText()
              + ": no data moved",
          MeasurementStatus.FAILED,
          started,
          version,
          result,
          serverOutput);
    }
    return new RdmaMeasurement(
        MeasurementStatus.OK,
        Optional.empty(),
        tool,
        o.provider(),
        version,
        serverCommand(tool, o),
        clientCommand(tool, o, server.address()),
        o.messageSizeBytes(),
        (int) r.iterations(),
        OptionalDouble.of(gbps),
        OptionalDouble.of(r.megabytesPerSecond()),
        OptionalDouble.of(r.microsecondsPerTransfer()),
        tool == RdmaTool.FI_PINGPONG
            ? OptionalDouble.of(r.microsecondsPerTransfer())
            : OptionalDouble.empty(),
        started,
        Instant.now(),
        result.stdout(),
        result.stderr(),
        serverOutput);
  }

  /** One sentence on why the client produced no usable row. */
  static String explain(
      RdmaTool tool,
      BandwidthOptions o,
      CommandResult result,
      List<FabtestsTable.Row> rows,
      String serverOutput) {
    String printed = FabricSizes.format(o.messageSizeBytes());
    String text = result.stdout() + "\n" + result.stderr() + "\n" + serverOutput;
    String server = serverOutput.isBlank() ? "" : "; server: " + lastLine(serverOutput);
    if (text.contains("fi_getinfo") && text.contains("-61")) {
      return "libfabric provider '"
          + o.provider()
          + "' is not available (fi_getinfo returned -61, No data available); "
          + result.failureSummary()
          + server;
    }
    if (!result.succeeded()) {
      return result.failureSummary() + server;
    }
    if (rows.isEmpty()) {
      return tool.executable() + " printed no result table";
    }
    return tool.executable()
        + " printed no row for "
        + printed
        + " (rows: "
        + rows.stream().map(FabtestsTable.Row::bytesText).collect(Collectors.joining(", "))
        + ")";
  }

  private static String lastLine(String text) {
    List<String> lines = text.strip().lines().filter(l -> !l.isBlank()).toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
  }

  private static Optional<String> libfabricVersion(CommandRunner node) {
    CommandResult r = node.run(List.of("fi_info", "--version"), SHORT);
    Matcher m = LIBFABRIC_VERSION.matcher(r.stdout());
    return r.succeeded() && m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static RdmaMeasurement failed(
      RdmaTool tool,
      BandwidthOptions o,
      CommandRunner server,
      String error,
      MeasurementStatus status,
      Instant started,
      Optional<String> version,
      CommandResult client,
      String serverOutput) {
    return new RdmaMeasurement(
        status,
        Optional.of(error),
        tool,
        o.provider(),
        version,
        serverCommand(tool, o),
        clientCommand(tool, o, server.address()),
        o.messageSizeBytes(),
        o.iterations(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        started,
        Instant.now(),
        client == null ? "" : client.stdout(),
        client == null ? "" : client.stderr(),
        serverOutput);
  }
}
