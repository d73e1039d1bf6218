package io.llmharness.phase15;

import io.llmharness.annotations.Scenario;
import io.llmharness.junit.ScenarioTest;
import io.llmharness.results.ScenarioResult;
import io.llmharness.scenario.Backend;
import io.llmharness.scenario.PromptSharing;
import io.llmharness.scenario.ScenarioSpec;

/**
 * L0 "TP Baseline (4K tokens, Phase 14 calibration)", priority P0, stage 1 (max_model_len 32768).
 *
 * <pre>
 * | id                           | backend | prompt | prefix cache | c |
 * | p15-L0-unified-4k-c1         | unified | 4096   | on           | 1 |
 * | p15-L0-unified-4k-c1-nocache | unified | 4096   | off          | 1 |
 * | p15-L0-efa-4k-c1             | efa     | 4096   | off          | 1 |
 * | p15-L0-tcp-4k-c1             | tcp     | 4096   | off          | 1 |
 * </pre>
 *
 * <p>The cache-on baseline sends the identical prompt every time, as the guide's scripts did, so
 * its TTFT is a prefix-cache hit; the -nocache row ("HIGH-3 fix") is the real 4K prefill.
 */
@Scenario(
    maxModelLen = 32768,
    maxNumBatchedTokens = 32768,
    promptTokens = 4096,
    concurrency = 1,
    labels = {"layer=L0", "priority=P0"})
class Stage1Layer0BaselineIT extends Phase15 {

  @ScenarioTest
  @Scenario(
      id = "p15-L0-unified-4k-c1",
      backend = Backend.UNIFIED,
      prefixCache = true,
      promptSharing = PromptSharing.WHOLE_PROMPT)
  void unifiedWithCache(ScenarioResult result, ScenarioSpec spec, Bounds bounds) {
    Phase15Checks.verify(result, spec, bounds);
  }

  @ScenarioTest
  @Scenario(id = "p15-L0-unified-4k-c1-nocache", backend = Backend.UNIFIED, prefixCache = false)
  void unifiedWithoutCache(ScenarioResult result, ScenarioSpec spec, Bounds bounds) {
    Phase15Checks.verify(result, spec, bounds);
  }

  @ScenarioTest
  @Scenario(
      id = "p15-L0-{backend}-4k-c1",
      backend = {Backend.EFA, Backend.TCP},
      prefixCache = false)
  void disaggregated(ScenarioResult result, ScenarioSpec spec, Bounds bounds) {
    Phase15Checks.verify(result, spec, bounds);
  }
}
