package io.llmharness.emulator.internal.config;

import java.util.OptionalInt;

/**
 * Fault injection settings.
 *
 * @param errorRate fraction of completion requests answered with HTTP 500
 * @param seed seed of the generator that picks them
 * @param crashAfter halt the process when a completion request arrives after this many
 * @param stallAfter stop writing a stream after this many content tokens
 * @param dropAfter close the connection after this many content tokens
 * @param errorEventAfter send a mid-stream error event after this many content tokens
 * @param every the stall/drop/error-event faults hit completion requests number every, 2·every…
 */
public record FaultConfig(
    double errorRate,
    long seed,
    OptionalInt crashAfter,
    OptionalInt stallAfter,
    OptionalInt dropAfter,
    OptionalInt errorEventAfter,
    int every) {

  public FaultConfig {
    if (!(errorRate >= 0 && errorRate <= 1)) {
      throw new IllegalArgumentException(
          "--fault-error-rate " + errorRate + " is not a fraction; use a value from 0 to 1");
    }
    if (every < 1) {
      throw new IllegalArgumentException("--fault-every " + every + " must be at least 1");
    }
    requireNonNegative("--fault-crash-after", crashAfter);
    requireNonNegative("--fault-stall-after", stallAfter);
    requireNonNegative("--fault-drop-after", dropAfter);
    requireNonNegative("--fault-error-event-after", errorEventAfter);
  }

  private static void requireNonNegative(String flag, OptionalInt value) {
    if (value.isPresent() && value.getAsInt() < 0) {
      throw new IllegalArgumentException(
          flag + " " + value.getAsInt() + " is negative; use a count of 0 or more");
    }
  }

  /** No faults. */
  public static FaultConfig none() {
    return new FaultConfig(
        0,
        0,
        OptionalInt.empty(),
        OptionalInt.empty(),
        OptionalInt.empty(),
        OptionalInt.empty(),
        1);
  }
}
