package io.llmharness.client;

import io.llmharness.results.RequestPhase;
import java.util.Objects;

/**
 * Where a request stands in its scenario, and when it was meant to start.
 *
 * @param phase warmup or measured
 * @param index position within the phase, from 0
 * @param scheduledNanos {@link System#nanoTime()} at which an open-loop schedule meant it to start,
 *     or {@link #UNSCHEDULED} for closed-loop load, where it starts when it is handed to the HTTP
 *     client
 */
public record RequestTiming(RequestPhase phase, int index, long scheduledNanos) {
  /** No schedule (closed-loop load): the scheduled start is the hand-off to the client. */
  public static final long UNSCHEDULED = Long.MIN_VALUE;

  public RequestTiming {
    Objects.requireNonNull(phase, "phase");
  }

  /** A closed-loop request: its schedule is its hand-off. */
  public static RequestTiming unscheduled(RequestPhase phase, int index) {
    return new RequestTiming(phase, index, UNSCHEDULED);
  }
}
