package io.llmharness.client;

import io.llmharness.results.RequestPhase;
import java.util.Objects;

/**
 * Where a request stands in its scenario, and when it was meant to start.
 *
 * @param phase warmup or measured
 * @param index position within the phase, from 0
 * @param scheduledNanos {@link System#nanoTime()} at which the load shape meant it to start; for
 *     closed-loop load, pass the moment the worker picked it up
 */
public record RequestTiming(RequestPhase phase, int index, long scheduledNanos) {
  public RequestTiming {
    Objects.requireNonNull(phase, "phase");
  }
}
