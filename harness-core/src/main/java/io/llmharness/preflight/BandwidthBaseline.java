package io.llmharness.preflight;

import io.llmharness.preflight.internal.FabricProbe;
import io.llmharness.preflight.internal.Iperf3Probe;
import java.time.Instant;

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
}
