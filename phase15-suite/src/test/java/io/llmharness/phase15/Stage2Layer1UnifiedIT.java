package io.llmharness.phase15;

import io.llmharness.annotations.Scenario;
import io.llmharness.junit.ScenarioTest;
import io.llmharness.results.ScenarioResult;
import io.llmharness.scenario.PromptSharing;
import io.llmharness.scenario.ScenarioSpec;

/**
 * L1 "Unified Token Sweep", stage 2 (max_model_len 65536, YaRN).
 *
 * <pre>
 * | id                    | backend | prompt | prefix cache | c |
 * | p15-L1-unified-50k-c1 | unified | 50000  | on           | 1 |
 * | p15-L1-unified-50k-c4 | unified | 50000  | on           | 4 |
 * </pre>
 */
@Scenario(
    maxModelLen = 65536,
    maxNumBatchedTokens = 65536,
    labels = {"layer=L1", "priority=P0"})
class Stage2Layer1UnifiedIT extends Phase15 {

  @ScenarioTest
  @Scenario(
      id = "p15-L1-unified-50k-c{concurrency}",
      promptTokens = 50000,
      concurrency = {1, 4},
      prefixCache = true,
      promptSharing = PromptSharing.UNIQUE)
  void unified50k(ScenarioResult result, ScenarioSpec spec, Bounds bounds) {
    Phase15Checks.verify(result, spec, bounds);
  }
}
