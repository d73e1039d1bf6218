package io.llmharness.preflight;

import io.llmharness.preflight.internal.PreflightJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The baseline bandwidth between two nodes: TCP (iperf3) and RDMA (libfabric), each with its own
 * status, and their ratio when both succeeded.
 *
 * @param timestamp when the measurement started
 * @param node1 the client node's name
 * @param node1Address the client node's address
 * @param node2 the server node's name
 * @param node2Address the server node's address, where the clients connected
 * @param tcp the iperf3 measurement
 * @param rdma the libfabric measurement
 */
public record BandwidthReport(
    Instant timestamp,
    String node1,
    String node1Address,
    String node2,
    String node2Address,
    TcpMeasurement tcp,
    RdmaMeasurement rdma) {

  public BandwidthReport {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(node1, "node1");
    Objects.requireNonNull(node1Address, "node1Address");
    Objects.requireNonNull(node2, "node2");
    Objects.requireNonNull(node2Address, "node2Address");
    Objects.requireNonNull(tcp, "tcp");
    Objects.requireNonNull(rdma, "rdma");
  }

  /** RDMA Gbit/s divided by TCP Gbit/s; empty unless both measurements are {@code ok}. */
  public OptionalDouble ratio() {
    if (tcp.gbps().isPresent() && rdma.gbps().isPresent()) {
      return OptionalDouble.of(rdma.gbps().getAsDouble() / tcp.gbps().getAsDouble());
    }
    return OptionalDouble.empty();
  }

  /** Why there is no ratio; empty when there is one. */
  public Optional<String> ratioError() {
    if (ratio().isPresent()) {
      return Optional.empty();
    }
    StringBuilder why = new StringBuilder("no EFA/TCP ratio:");
    if (rdma.status() != MeasurementStatus.OK) {
      why.append(" RDMA ")
          .append(rdma.status().jsonName())
          .append(" (")
          .append(rdma.error().orElse(""))
          .append(')');
    }
    if (tcp.status() != MeasurementStatus.OK) {
      why.append(rdma.status() != MeasurementStatus.OK ? ";" : "")
          .append(" TCP ")
          .append(tcp.status().jsonName())
          .append(" (")
          .append(tcp.error().orElse(""))
          .append(')');
    }
    return Optional.of(why.toString());
  }

  /** {@code ok} when both succeeded, {@code failed} when none did, otherwise {@code partial}. */
  public String overallStatus() {
    boolean tcpOk = tcp.status() == MeasurementStatus.OK;
    boolean rdmaOk = rdma.status() == MeasurementStatus.OK;
    return tcpOk && rdmaOk ? "ok" : tcpOk || rdmaOk ? "partial" : "failed";
  }

  /** The report as JSON (the {@code baseline_bandwidth.json} format). */
  public String toJson() {
    return PreflightJson.bandwidth(this);
  }

  /** Writes {@link #toJson()} to {@code file} atomically (temporary file, then rename). */
  public void writeTo(Path file) throws IOException {
    PreflightJson.writeAtomically(file, toJson());
  }

  /** A readable multi-line summary for the console. */
  public String summary() {
    return PreflightJson.bandwidthSummary(this);
  }
}
