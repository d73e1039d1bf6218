package io.llmharness.junit;

/** What a precondition annotation does when its condition is not met. */
public enum OnUnmet {
  /**
   * Follow the configuration: a precondition that was checked and is unmet (a ratio too low,
   * GPUDirect disabled) follows {@code harness.preflight.failOnUnmet}, which fails by default on
   * every target but the emulated one; one that could not be checked because a node lacks the tools
   * ({@code iperf3}, {@code fi_pingpong}, {@code nvidia-smi}) follows {@code
   * harness.preflight.failOnMissingTools}, which skips by default.
   */
  CONFIGURED,
  /** Skip the test or class with the reason. */
  SKIP,
  /** Fail the test or class with the reason. */
  FAIL
}
