package io.llmharness.emulator.internal.fault;

import java.util.OptionalInt;

/**
 * What faults hit one completion request.
 *
 * @param ordinal the request's number among accepted completion requests, from 1
 * @param error500 answer HTTP 500 instead of serving it
 * @param stallAfter stop writing after this many content tokens
 * @param dropAfter close the connection after this many content tokens
 * @param errorEventAfter send a mid-stream error event after this many content tokens
 */
public record FaultPlan(
    long ordinal,
    boolean error500,
    OptionalInt stallAfter,
    OptionalInt dropAfter,
    OptionalInt errorEventAfter) {

  /** Whether any stream fault applies. */
  public boolean hasStreamFault() {
    return stallAfter.isPresent() || dropAfter.isPresent() || errorEventAfter.isPresent();
  }
}
