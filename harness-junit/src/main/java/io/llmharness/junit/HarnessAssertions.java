package io.llmharness.junit;

import io.llmharness.results.ScenarioResult;
import io.llmharness.runner.ScenarioOutcome;

/**
 * Entry point of the harness's AssertJ assertions.
 *
 * <p>Intended for users: {@code import static io.llmharness.junit.HarnessAssertions.assertThat;}
 */
public final class HarnessAssertions {
  private HarnessAssertions() {}

  /** Assertions on a scenario result. */
  public static ScenarioResultAssert assertThat(ScenarioResult result) {
    return ScenarioResultAssert.of(result);
  }

  /** Assertions on a scenario outcome; messages carry the result file's full path. */
  public static ScenarioResultAssert assertThat(ScenarioOutcome outcome) {
    return ScenarioResultAssert.of(outcome);
  }
}
