package io.llmharness.results;

/** Whether a request was part of the warmup or of the measurement. */
public enum RequestPhase {
  /** Sent before measurement to reach steady state; excluded from statistics. */
  WARMUP,
  /** Counted in every statistic of the scenario. */
  MEASURED
}
