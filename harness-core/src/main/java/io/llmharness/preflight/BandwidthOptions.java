package io.llmharness.preflight;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of the baseline bandwidth measurement. Build with {@link #builder()}; the defaults follow
 * the guide: iperf3 with 8 streams for 30 s, libfabric with the {@code efa} provider and 16 MiB
 * messages.
 *
 * @param tcpEnabled measure TCP with iperf3
 * @param rdmaEnabled measure RDMA with libfabric
 * @param iperf3Port the iperf3 server port on node 2
 * @param parallelStreams iperf3 {@code -P}
 * @param duration iperf3 {@code -t}, whole seconds
 * @param rdmaTool which libfabric tool
 * @param provider libfabric provider ({@code efa} on AWS, {@code tcp} to test the plumbing)
 * @param endpointType {@code fi_pingpong -e} ({@code rdm}, {@code msg}, {@code dgram})
 * @param messageSizeBytes message size ({@code -S}); the result is that size's row
 * @param iterations messages ({@code -I})
 * @param rdmaPort the TCP port the libfabric server listens on for its control connection ({@code
 *     fi_pingpong -B/-P}, {@code fi_rdm_bw -E})
 * @param serverStartTimeout how long a server may take to listen
 * @param rdmaTimeout limit for the RDMA client
 * @param toolTimeoutMargin added to the iperf3 duration for its client's limit
 */
public record BandwidthOptions(
    boolean tcpEnabled,
    boolean rdmaEnabled,
    int iperf3Port,
    int parallelStreams,
    Duration duration,
    RdmaTool rdmaTool,
    String provider,
    String endpointType,
    long messageSizeBytes,
    int iterations,
    int rdmaPort,
    Duration serverStartTimeout,
    Duration rdmaTimeout,
    Duration toolTimeoutMargin) {

  /** 16 MiB, the guide's message size. */
  public static final long DEFAULT_MESSAGE_SIZE = 16L * 1024 * 1024;

  public BandwidthOptions {
    requirePort(iperf3Port, "iperf3 port");
    requirePort(rdmaPort, "RDMA control port");
    if (parallelStreams < 1 || parallelStreams > 128) {
      throw new IllegalArgumentException(
          "parallel streams " + parallelStreams + " is out of range; use 1 to 128 (default 8)");
    }
    Objects.requireNonNull(duration, "duration");
    if (duration.toSeconds() < 1 || duration.toNanos() % 1_000_000_000L != 0) {
      throw new IllegalArgumentException(
          "iperf3 duration " + duration + " must be whole seconds, at least 1 (default 30 s)");
    }
    Objects.requireNonNull(rdmaTool, "rdmaTool");
    if (provider == null || !provider.matches("[A-Za-z0-9_;:-]+")) {
      throw new IllegalArgumentException(
          "libfabric provider '" + provider + "' is invalid; use efa, tcp, verbs, …");
    }
    if (endpointType == null || !endpointType.matches("rdm|msg|dgram")) {
      throw new IllegalArgumentException(
          "endpoint type '" + endpointType + "' is invalid; use rdm, msg or dgram");
    }
    if (messageSizeBytes < 1) {
      throw new IllegalArgumentException(
          "message size " + messageSizeBytes + " must be positive (default 16 MiB)");
    }
    if (iterations < 1) {
      throw new IllegalArgumentException(
          "iterations " + iterations + " must be positive (default 100)");
    }
    requirePositive(serverStartTimeout, "server start timeout");
    requirePositive(rdmaTimeout, "RDMA timeout");
    requirePositive(toolTimeoutMargin, "tool timeout margin");
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.tcpEnabled = tcpEnabled;
    b.rdmaEnabled = rdmaEnabled;
    b.iperf3Port = iperf3Port;
    b.parallelStreams = parallelStreams;
    b.duration = duration;
    b.rdmaTool = rdmaTool;
    b.provider = provider;
    b.endpointType = endpointType;
    b.messageSizeBytes = messageSizeBytes;
    b.iterations = iterations;
    b.rdmaPort = rdmaPort;
    b.serverStartTimeout = serverStartTimeout;
    b.rdmaTimeout = rdmaTimeout;
    b.toolTimeoutMargin = toolTimeoutMargin;
    return b;
  }

  private static void requirePort(int port, String what) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(what + " " + port + " is out of range; use 1 to 65535");
    }
  }

  private static void requirePositive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " " + d + " must be a positive duration");
    }
  }

  /** Builds {@link BandwidthOptions}. */
  public static final class Builder {
    private boolean tcpEnabled = true;
    private boolean rdmaEnabled = true;
    private int iperf3Port = 5201;
    private int parallelStreams = 8;
    private Duration duration = Duration.ofSeconds(30);
    private RdmaTool rdmaTool = RdmaTool.AUTO;
    private String provider = "efa";
    private String endpointType = "rdm";
    private long messageSizeBytes = DEFAULT_MESSAGE_SIZE;
    private int iterations = 100;
    private int rdmaPort = 47592;
    private Duration serverStartTimeout = Duration.ofSeconds(15);
    private Duration rdmaTimeout = Duration.ofSeconds(120);
    private Duration toolTimeoutMargin = Duration.ofSeconds(30);

    private Builder() {}

    public Builder tcpEnabled(boolean value) {
      tcpEnabled = value;
      return this;
    }

    public Builder rdmaEnabled(boolean value) {
      rdmaEnabled = value;
      return this;
    }

    public Builder iperf3Port(int value) {
      iperf3Port = value;
      return this;
    }

    public Builder parallelStreams(int value) {
      parallelStreams = value;
      return this;
    }

    public Builder duration(Duration value) {
      duration = value;
      return this;
    }

    public Builder rdmaTool(RdmaTool value) {
      rdmaTool = value;
      return this;
    }

    public Builder provider(String value) {
      provider = value;
      return this;
    }

    public Builder endpointType(String value) {
      endpointType = value;
      return this;
    }

    public Builder messageSizeBytes(long value) {
      messageSizeBytes = value;
      return this;
    }

    public Builder iterations(int value) {
      iterations = value;
      return this;
    }

    public Builder rdmaPort(int value) {
      rdmaPort = value;
      return this;
    }

    public Builder serverStartTimeout(Duration value) {
      serverStartTimeout = value;
      return this;
    }

    public Builder rdmaTimeout(Duration value) {
      rdmaTimeout = value;
      return this;
    }

    public Builder toolTimeoutMargin(Duration value) {
      toolTimeoutMargin = value;
      return this;
    }

    /**
     * Builds the options.
     *
     * @throws IllegalArgumentException naming the first invalid value
     */
    public BandwidthOptions build() {
      return new BandwidthOptions(
          tcpEnabled,
          rdmaEnabled,
          iperf3Port,
          parallelStreams,
          duration,
          rdmaTool,
          provider,
          endpointType,
          messageSizeBytes,
          iterations,
          rdmaPort,
          serverStartTimeout,
          rdmaTimeout,
          toolTimeoutMargin);
    }
  }
}
