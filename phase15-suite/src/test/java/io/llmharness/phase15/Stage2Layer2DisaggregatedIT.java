package io.llmharness.phase15;

import io.llmharness.annotations.Scenario;
import io.llmharness.junit.ScenarioTest;
import io.llmharness.results.ScenarioResult;
import io.llmharness.scenario.Backend;
import io.llmharness.scenario.ScenarioSpec;

/**
 * L2 "Disaggregated (EFA + TCP)", stage 2 (max_model_len 65536, YaRN).
 *
 * <pre>
 * | id                | backend | prompt | c |
 * | p15-L2-efa-50k-c1 | efa     | 50000  | 1 |
 * | p15-L2-tcp-50k-c1 | tcp     | 50000  | 1 |
 * </pre>
 */
@Scenario(
    maxModelLen = 65536,
    maxNumBatchedTokens = 65536,
    prefixCache = false,
    labels = {"layer=L2", "priority=P0"})
class Stage2Layer2DisaggregatedIT extends Phase15 {

  @ScenarioTest
  @Scenario(
      id = "p15-L2-{backend}-50k-c1",
      backend = {Backend.EFA, Backend.TCP},
      promptTokens = 50000,
      concurrency = 1)
  void disaggregated50k(ScenarioResult result, ScenarioSpec spec, Bounds bounds) {
    Phase15Checks.verify(result, spec, bounds);
  }
}
