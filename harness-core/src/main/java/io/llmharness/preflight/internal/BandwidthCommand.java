package io.llmharness.preflight.internal;

import io.llmharness.internal.ConfigValues;
import io.llmharness.preflight.BandwidthBaseline;
import io.llmharness.preflight.BandwidthOptions;
import io.llmharness.preflight.BandwidthReport;
import io.llmharness.preflight.CommandRunner;
import io.llmharness.preflight.MeasurementStatus;
import io.llmharness.preflight.PreflightMain;
import io.llmharness.preflight.PreflightSettings;
import io.llmharness.preflight.RdmaTool;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code preflight bandwidth}: the TCP and RDMA baseline between two nodes. */
@Command(
    name = "bandwidth",
    mixinStandardHelpOptions = true,
    description = {
      "Measures TCP (iperf3) and RDMA (libfabric) bandwidth from node 1 to node 2.",
      "Servers run on node 2, clients on node 1. Nodes: local, local@<address>,"
          + " netns:<namespace>@<address>, ssh:[<user>@]<host>[:<port>] (other SSH settings"
          + " from -Dharness.ssh.* system properties)."
    })
public final class BandwidthCommand implements Callable<Integer> {

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--node1",
      defaultValue = "local",
      description = "client node (default: ${DEFAULT-VALUE})")
  private String node1;

  @Option(
      names = "--node2",
      defaultValue = "local",
      description = "server node (default: ${DEFAULT-VALUE})")
  private String node2;

  @Option(
      names = "--duration",
      defaultValue = "30s",
      description = "iperf3 test length (default: ${DEFAULT-VALUE})")
  private String duration;

  @Option(
      names = "--streams",
      defaultValue = "8",
      description = "iperf3 parallel streams (default: ${DEFAULT-VALUE})")
  private int streams;

  @Option(
      names = "--iperf3-port",
      defaultValue = "5201",
      description = "iperf3 server port (default: ${DEFAULT-VALUE})")
  private int iperf3Port;

  @Option(names = "--no-tcp", description = "skip the TCP measurement")
  private boolean noTcp;

  @Option(names = "--no-rdma", description = "skip the RDMA measurement")
  private boolean noRdma;

  @Option(
      names = "--rdma-tool",
      defaultValue = "auto",
      description = "auto, fi_rdm_bw or fi_pingpong (default: ${DEFAULT-VALUE})")
  private String rdmaTool;

  @Option(
      names = "--provider",
      defaultValue = "efa",
      description = "libfabric provider (default: ${DEFAULT-VALUE})")
  private String provider;

  @Option(
      names = "--endpoint",
      defaultValue = "rdm",
      description = "fi_pingpong endpoint type (default: ${DEFAULT-VALUE})")
  private String endpoint;

  @Option(
      names = "--message-size",
      defaultValue = "16m",
      description = "RDMA message size (default: ${DEFAULT-VALUE})")
  private String messageSize;

  @Option(
      names = "--iterations",
      defaultValue = "100",
      description = "RDMA messages (default: ${DEFAULT-VALUE})")
  private int iterations;

  @Option(
      names = "--rdma-port",
      defaultValue = "47592",
      description = "libfabric control port (default: ${DEFAULT-VALUE})")
  private int rdmaPort;

  @Option(
      names = "--rdma-timeout",
      defaultValue = "120s",
      description = "RDMA client limit (default: ${DEFAULT-VALUE})")
  private String rdmaTimeout;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "results/default/preflight/" + PreflightSettings.BANDWIDTH_FILE,
      description = "JSON file to write (default: ${DEFAULT-VALUE})")
  private Path output;

  @Override
  public Integer call() {
    BandwidthOptions options;
    CommandRunner client;
    CommandRunner server;
    try {
      options =
          BandwidthOptions.builder()
              .tcpEnabled(!noTcp)
              .rdmaEnabled(!noRdma)
              .duration(ConfigValues.parse("--duration", duration, ConfigValues::parseDuration))
              .parallelStreams(streams)
              .iperf3Port(iperf3Port)
              .rdmaTool(RdmaTool.parse(rdmaTool))
              .provider(provider)
              .endpointType(endpoint)
              .messageSizeBytes(
                  ConfigValues.parse("--message-size", messageSize, ConfigValues::parseSize))
              .iterations(iterations)
              .rdmaPort(rdmaPort)
              .rdmaTimeout(
                  ConfigValues.parse("--rdma-timeout", rdmaTimeout, ConfigValues::parseDuration))
              .build();
      client = CommandRunner.parse(node1);
      server = CommandRunner.parse(node2);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    BandwidthReport report;
    try (client;
        server) {
      report = BandwidthBaseline.measure(client, server, options);
    }
    boolean passed =
        report.tcp().status() != MeasurementStatus.FAILED
            && report.rdma().status() != MeasurementStatus.FAILED;
    return ReportOutput.printAndWrite(
        spec.commandLine(),
        report.summary(),
        report::writeTo,
        output,
        passed ? PreflightMain.PASSED : PreflightMain.NOT_PASSED);
  }
}
