package io.llmharness.emulator.internal.profile;

/**
 * "Phase A": the first {@code transfers} KV transfers of a decode instance take {@code factor}
 * times longer, modelling the NIXL state transition the Phase 15 guide blames for bimodal TTFT.
 */
public record PhaseA(int transfers, double factor) {

  public PhaseA {
    if (transfers < 0) {
      throw new IllegalArgumentException("phase_a.transfers " + transfers + " is negative");
    }
    if (!(factor >= 1)) {
      throw new IllegalArgumentException("phase_a.factor " + factor + " must be 1 or more");
    }
  }

  /** Phase A switched off. */
  public static PhaseA off() {
    return new PhaseA(0, 1);
  }

  /** The factor for the transfer with this 0-based ordinal. */
  public double factorFor(long transferOrdinal) {
    return transferOrdinal < transfers ? factor : 1;
  }
}
