package io.llmharness.phase15;

import io.llmharness.annotations.Scenario;
import io.llmharness.junit.ScenarioTest;
import io.llmharness.results.ScenarioResult;
import io.llmharness.scenario.Backend;
import io.llmharness.scenario.PromptSharing;
import io.llmharness.scenario.ScenarioSpec;

/**
 * L3 "Concurrency Scale (c=8, c=16)", priority P1, stage 1 (max_model_len 32768): "Unified: Prefix
 * Cache ON, Disagg: Prefix Cache OFF".
 *
 * <pre>
 * | id                     | backend | prompt | prefix cache | c  |
 * | p15-L3-unified-20k-c8  | unified | 20000  | on           | 8  |
 * | p15-L3-unified-20k-c16 | unified | 20000  | on           | 16 |
 * | p15-L3-efa-20k-c8      | efa     | 20000  | off          | 8  |
 * </pre>
 */
@Scenario(
    maxModelLen = 32768,
    maxNumBatchedTokens = 32768,
    promptTokens = 20000,
    labels = {"layer=L3", "priority=P1"})
class Stage1Layer3ConcurrencyIT extends Phase15 {

  @ScenarioTest
  @Scenario(
      id = "p15-L3-unified-20k-c{concurrency}",
      concurrency = {8, 16},
      prefixCache = true,
      promptSharing = PromptSharing.UNIQUE)
  void unified(ScenarioResult result, ScenarioSpec spec, Bounds bounds) {
    Phase15Checks.verify(result, spec, bounds);
  }

  @ScenarioTest
  @Scenario(id = "p15-L3-efa-20k-c8", backend = Backend.EFA, concurrency = 8, prefixCache = false)
  void efa(ScenarioResult result, ScenarioSpec spec, Bounds bounds) {
    Phase15Checks.verify(result, spec, bounds);
  }
}
