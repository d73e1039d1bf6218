package io.llmharness.junit;

/** What a precondition annotation does when its condition is not met. */
public enum OnUnmet {
  /** Follow {@code harness.preflight.failOnUnmet} (default: skip). */
  CONFIGURED,
  /** Skip the test or class with the reason. */
  SKIP,
  /** Fail the test or class with the reason. */
  FAIL
}
