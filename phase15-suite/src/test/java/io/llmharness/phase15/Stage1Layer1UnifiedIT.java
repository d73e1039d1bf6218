package io.llmharness.phase15;

import io.llmharness.annotations.Scenario;
import io.llmharness.junit.ScenarioTest;
import io.llmharness.results.ScenarioResult;
import io.llmharness.scenario.ScenarioSpec;

/**
 * L1 "Unified Token Sweep (20K-100K)", priority P0, stage 1 (max_model_len 32768).
 *
 * <pre>
 * | id                    | backend | prompt | prefix cache | c |
 * | p15-L1-unified-20k-c1 | unified | 20000  | on           | 1 |
 * | p15-L1-unified-20k-c4 | unified | 20000  | on           | 4 |
 * </pre>
 *
 * <p>The server's prefix cache is on, as the plan says, but every prompt starts with a unique
 * nonce: the sweep measures prefill (the guide expects TTFT ≈ 2–3 s at 20K), not cache hits.
 */
@Scenario(
    maxModelLen = 32768,
    maxNumBatchedTokens = 32768,
    labels = {"layer=L1", "priority=P0"})
class Stage1Layer1UnifiedIT extends Phase15 {

  @ScenarioTest
  @Scenario(
      id = "p15-L1-unified-20k-c{concurrency}",
      promptTokens = 20000,
      concurrency = {1, 4},
      prefixCache = true,
      promptSharing = io.llmharness.scenario.PromptSharing.UNIQUE)
  void unified20k(ScenarioResult result, ScenarioSpec spec, Bounds bounds) {
    Phase15Checks.verify(result, spec, bounds);
  }
}
