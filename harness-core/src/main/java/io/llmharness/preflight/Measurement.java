package io.llmharness.preflight;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** What every bandwidth measurement reports. */
public sealed interface Measurement permits TcpMeasurement, RdmaMeasurement {

  MeasurementStatus status();

  /** Why the measurement failed or was skipped; empty when it is {@code ok}. */
  Optional<String> error();

  /** The measured bandwidth in Gbit/s (10^9 bit/s); empty unless {@code ok}. */
  OptionalDouble gbps();

  /** The server command, as run on node 2. */
  List<String> serverCommand();

  /** The client command, as run on node 1. */
  List<String> clientCommand();

  Instant startedAt();

  Instant finishedAt();
}
