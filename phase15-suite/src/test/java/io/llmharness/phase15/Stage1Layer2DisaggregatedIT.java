package io.llmharness.phase15;

import io.llmharness.annotations.Scenario;
import io.llmharness.junit.ScenarioTest;
import io.llmharness.results.ScenarioResult;
import io.llmharness.scenario.Backend;
import io.llmharness.scenario.ScenarioSpec;

/**
 * L2 "Disaggregated (EFA + TCP, 20K-100K)", priority P0, stage 1 (max_model_len 32768). Prefix
 * cache off "for correct KV-Cache transfer measurement".
 *
 * <pre>
 * | id                | backend | prompt | c |
 * | p15-L2-efa-20k-c1 | efa     | 20000  | 1 |
 * | p15-L2-tcp-20k-c1 | tcp     | 20000  | 1 |
 * | p15-L2-efa-20k-c4 | efa     | 20000  | 4 |
 * | p15-L2-tcp-20k-c4 | tcp     | 20000  | 4 |
 * </pre>
 */
@Scenario(
    maxModelLen = 32768,
    maxNumBatchedTokens = 32768,
    prefixCache = false,
    labels = {"layer=L2", "priority=P0"})
class Stage1Layer2DisaggregatedIT extends Phase15 {

  @ScenarioTest
  @Scenario(
      id = "p15-L2-{backend}-20k-c{concurrency}",
      backend = {Backend.EFA, Backend.TCP},
      promptTokens = 20000,
      concurrency = {1, 4})
  void disaggregated20k(ScenarioResult result, ScenarioSpec spec, Bounds bounds) {
    Phase15Checks.verify(result, spec, bounds);
  }
}
