package io.llmharness.phase15;

import io.llmharness.annotations.Scenario;
import io.llmharness.junit.ScenarioTest;
import io.llmharness.results.ScenarioResult;
import io.llmharness.scenario.Backend;
import io.llmharness.scenario.ScenarioSpec;

/**
 * L2 "Disaggregated (EFA + TCP)", stage 3 (max_model_len 131072, YaRN).
 *
 * <pre>
 * | id                 | backend | prompt | c |
 * | p15-L2-efa-100k-c1 | efa     | 100000 | 1 |
 * | p15-L2-tcp-100k-c1 | tcp     | 100000 | 1 |
 * | p15-L2-efa-100k-c2 | efa     | 100000 | 2 |
 * </pre>
 */
@Scenario(
    maxModelLen = 131072,
    maxNumBatchedTokens = 131072,
    prefixCache = false,
    promptTokens = 100000,
    labels = {"layer=L2", "priority=P0"})
class Stage3Layer2DisaggregatedIT extends Phase15 {

  @ScenarioTest
  @Scenario(
      id = "p15-L2-{backend}-100k-c1",
      backend = {Backend.EFA, Backend.TCP},
      concurrency = 1)
  void disaggregated100k(ScenarioResult result, ScenarioSpec spec, Bounds bounds) {
    Phase15Checks.verify(result, spec, bounds);
  }

  @ScenarioTest
  @Scenario(id = "p15-L2-efa-100k-c2", backend = Backend.EFA, concurrency = 2)
  void efa100kAtConcurrency2(ScenarioResult result, ScenarioSpec spec, Bounds bounds) {
    Phase15Checks.verify(result, spec, bounds);
  }
}
