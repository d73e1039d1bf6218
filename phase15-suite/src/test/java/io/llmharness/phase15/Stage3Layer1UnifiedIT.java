package io.llmharness.phase15;

import io.llmharness.annotations.Scenario;
import io.llmharness.junit.ScenarioTest;
import io.llmharness.results.ScenarioResult;
import io.llmharness.scenario.PromptSharing;
import io.llmharness.scenario.ScenarioSpec;

/**
 * L1 "Unified Token Sweep", stage 3 (max_model_len 131072, YaRN): the guide expects TTFT ≈ 10–15 s
 * at 100K.
 *
 * <pre>
 * | id                     | backend | prompt | prefix cache | c |
 * | p15-L1-unified-100k-c1 | unified | 100000 | on           | 1 |
 * | p15-L1-unified-100k-c4 | unified | 100000 | on           | 4 |
 * </pre>
 */
@Scenario(
    maxModelLen = 131072,
    maxNumBatchedTokens = 131072,
    labels = {"layer=L1", "priority=P0"})
class Stage3Layer1UnifiedIT extends Phase15 {

  @ScenarioTest
  @Scenario(
      id = "p15-L1-unified-100k-c{concurrency}",
      promptTokens = 100000,
      concurrency = {1, 4},
      prefixCache = true,
      promptSharing = PromptSharing.UNIQUE)
  void unified100k(ScenarioResult result, ScenarioSpec spec, Bounds bounds) {
    Phase15Checks.verify(result, spec, bounds);
  }
}
