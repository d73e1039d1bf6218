package io.llmharness.results;

/** Whether a request was part of the warmup, of the measurement, or of the cooldown. */
public enum RequestPhase {
  /** Sent before measurement to reach steady state; excluded from statistics. */
  WARMUP,
  /** Counted in every statistic of the scenario. */
  MEASURED,
  /**
   * Sent by a closed-loop worker that has no measured request left while others are still running,
   * so every measured request meets the declared concurrency to its end; cancelled when the last
   * measured request finishes, never recorded.
   */
  COOLDOWN
}
