package io.llmharness.preflight;

import io.llmharness.preflight.internal.FabricProbe;
import io.llmharness.preflight.internal.InstalledPrograms;
import io.llmharness.preflight.internal.Iperf3Probe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures the baseline bandwidth between two nodes, the servers on node 2 and the clients on node
 * 1: TCP with iperf3 ({@code -J}, {@code -P 8}), then RDMA with libfabric ({@code fi_rdm_bw} when
 * installed, otherwise {@code fi_pingpong}). Each server is started, awaited until it listens
 * (polling its port, with a deadline), and always stopped. A measurement that fails is reported as
 * failed with its reason, never as zero.
 */
public final class BandwidthBaseline {

  private BandwidthBaseline() {}

  /** Runs the enabled measurements; never throws for a tool failure. */
  public static BandwidthReport measure(
      CommandRunner node1, CommandRunner node2, BandwidthOptions options) {
    Instant timestamp = Instant.now();
    TcpMeasurement tcp = Iperf3Probe.measure(node1, node2, options);
    RdmaMeasurement rdma = FabricProbe.measure(node1, node2, options);
    return new BandwidthReport(
        timestamp, node1.name(), node1.address(), node2.name(), node2.address(), tcp, rdma);
  }

  /**
   * The enabled measurements' tools that a node answers it does not have, as {@code "iperf3 on
   * local"} (the RDMA tool as {@link RdmaTool#AUTO} would pick it): what tells a machine that
   * cannot measure from one whose measurement failed or fell short.
   */
  public static List<String> missingTools(
      CommandRunner node1, CommandRunner node2, BandwidthOptions options) {
    List<String> tools = new ArrayList<>();
    if (options.tcpEnabled()) {
      tools.add("iperf3");
    }
    if (options.rdmaEnabled()) {
      tools.add(FabricProbe.resolve(options.rdmaTool(), node1, node2).executable());
    }
    List<String> missing = new ArrayList<>(InstalledPrograms.missing(node1, tools));
    if (!node2.name().equals(node1.name())) {
      missing.addAll(InstalledPrograms.missing(node2, tools));
    }
    return List.copyOf(missing);
  }
}
