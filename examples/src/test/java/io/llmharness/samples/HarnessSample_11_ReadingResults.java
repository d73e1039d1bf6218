package io.llmharness.samples;

import static io.llmharness.junit.HarnessAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.annotations.Scenario;
import io.llmharness.junit.LlmBenchmark;
import io.llmharness.junit.ScenarioTest;
import io.llmharness.results.ScenarioResult;
import io.llmharness.results.ShapeAnalysis;
import io.llmharness.scenario.LoadMode;
import io.llmharness.stats.BimodalityTest;
import io.llmharness.stats.SeedBimodality;
import io.llmharness.stats.Summary;
import java.util.Arrays;
import java.util.Locale;

/*
 * Percentiles summarise a distribution on the assumption that it has one shape. Two things break
 * that assumption in LLM serving, and every result file checks for both, for TTFT and for TPOT:
 *
 *   Two modes. Some requests take one path, others another: a cache hit or a miss, the first or
 *   the second prefill of a pair, a KV transfer before or after a state change. The mean and the
 *   median then describe almost no request, and a p50 can move a lot when the mix shifts a little.
 *
 *   A change over time. The first requests are slower (a cold start, sample 02), or the server
 *   changes state in the middle of the run. The values are then not one sample of anything.
 *
 * Where to read it (METRICS.md, section 4, has the rules):
 *
 *   results.ttft_bimodal          the original scripts' rule, kept for their analyses: CV > 0.3,
 *                                 split at the median. A dispersion check, not a bimodality test.
 *   extended.bimodality.ttft      Hartigans' dip test (p-value against a uniform, the least
 *                                 favourable unimodal null) AND a two-component Gaussian mixture on
 *                                 log latencies preferred by BIC (dBIC > 10), with separated modes
 *                                 (Ashman's D > 2), the lighter one weighing at least 5%. Both
 *                                 partial verdicts are reported.
 *   extended.change_point.ttft    the split of the request sequence that explains most variance,
 *                                 with a permutation p-value; significant below 0.01.
 *   extended.warmup_advice        when the change is significant and the first segment slower.
 *
 * In Java they are ScenarioResult.metrics().ttftShape() and tpotShape(), and warmupAdvice().
 *
 * Both scenarios below run on a server of their own (--max-num-batched-tokens 1024 makes it a
 * distinct deployment): 16384-token prompts, prefilled 1024 tokens per engine step.
 */

@LlmBenchmark
@Scenario(promptTokens = 16384, maxTokens = 8, prefixCache = false, maxNumBatchedTokens = 1024)
class HarnessSample_11_ReadingResults {

  /*
   * A cold start, measured on purpose (warmup 0, the first scenario on its server). Two runs of
   * the whole module (emulator profile `fast`, a 2-core AMD EPYC VM, Java 17):
   *
   *   s11-a-cold-start: TTFT n=40 mean 44.1 p50 42.2 p90 46.9 p99 62.8 ms, CV 0.11
   *     first values [62, 55, 63, 43, 42, 48, 43, 44, 41, 42, 47, 42]
   *     seed's rule (CV > 0.3): bimodal=false
   *     dip test p=0.9190 (rejects unimodality: false); mixture: 42.2 ms x0.75 and 49.9 ms x0.25, dBIC 52.9, Ashman's D 1.7 (two modes: false); bimodal=false
   *     change point after 3 of 40: 60.2 ms before, 42.8 ms after, explains 86%, p=0.0020, significant=true
   *     warmup advice: the first 3 measured requests were slower (mean 60.2 ms vs 42.8 ms); raise warmup to at least 3
   *
   *   s11-a-cold-start: TTFT n=40 mean 45.1 p50 43.5 p90 48.3 p99 71.5 ms, CV 0.14
   *     first values [77, 46, 49, 47, 42, 42, 44, 44, 44, 42, 42, 41]
   *     dip test p=0.0665 (rejects unimodality: false); mixture: 43.8 ms x0.95 and 70.0 ms x0.05, dBIC 43.7, Ashman's D 6.3 (two modes: true); bimodal=false
   *     change point after 1 of 40: 76.6 ms before, 44.3 ms after, explains 66%, p=0.0535, significant=false
   *     warmup advice: none
   *
   * In the first run three requests were slow, the change point is significant and the advice is
   * exact: warmup 3. In the second only one was, and one slow value at an end of 40 is what chance
   * gives about 5% of the time, so the test stays quiet (sample 02). Neither run is bimodal, and
   * the two partial verdicts show why the rule wants both: in the first run the mixture prefers two
   * components by BIC but they overlap (D 1.7); in the second it finds a 5% mode at 70 ms, well
   * separated, but the dip test sees no second mode in 40 values. A slow start is a change point,
   * not a second mode: look at the order of the values before you look at their histogram.
   */
  @ScenarioTest
  @Scenario(id = "s11-a-cold-start", warmup = 0, iterations = 40)
  void coldStart(ScenarioResult result) {
    assertThat(result).hasNoErrors();
    print(result);
  }

  /*
   * Pairs of requests starting together (loadMode ROUNDS, concurrency 2): the engine prefills the
   * first one, 16 steps of 1024 tokens, and only then the second, whose TTFT is therefore about
   * twice as long. Two runs:
   *
   *   s11-b-pairs: TTFT n=60 mean 66.5 p50 70.0 p90 87.2 p99 121.3 ms, CV 0.35
   *     first values [85, 45, 44, 85, 44, 83, 43, 83, 115, 59, 46, 82]
   *     seed's rule (CV > 0.3): bimodal=true
   *     dip test p=0.0005 (rejects unimodality: true); mixture: 44.2 ms x0.48 and 87.4 ms x0.52, dBIC 93.1, Ashman's D 6.9 (two modes: true); bimodal=true
   *     change point after 59 of 60: 66.9 ms before, 42.6 ms after, explains 2%, p=0.9955, significant=false
   *
   *   s11-b-pairs: TTFT n=60 mean 66.8 p50 73.3 p90 86.8 p99 119.7 ms, CV 0.33
   *     dip test p=0.0005 (rejects unimodality: true); mixture: 45.9 ms x0.48 and 86.3 ms x0.52, dBIC 62.5, Ashman's D 6.9 (two modes: true); bimodal=true
   *
   * Two modes, at 44 and 87 ms, half the requests each, found by both tests in both runs. The mean
   * (66.5 ms) lies between the modes where almost no request is, and p50 (70.0 ms) is an accident
   * of the 48/52 split: with 29 fast values of 60, the median falls at the bottom of the slow mode;
   * with 31 it would fall at the top of the fast one, some 20 ms lower. (A third run split 30/30,
   * modes 43.2 and 84.0 ms, and put p50 at 64.3 ms, in the gap.) Report the modes, not the mean;
   * and when comparing two deployments, compare mode with mode. No change point: the modes
   * alternate, they do not follow each other in time.
   *
   * The seed's rule says "bimodal" too, but only because CV, 0.35, happens to exceed 0.3; with
   * modes a little closer it would not. It says "bimodal" just as readily for one mode with a few
   * spikes: an early run of sample 01's scenario (TTFT p50 7.1 ms, spikes up to 78 ms) had CV 1.31
   * and was "bimodal" by that rule, and neither mode it reported existed. In the original Phase 3
   * data, the only scenario the rule flagged (CV 0.306) was the one at concurrency 4, where rounds
   * of requests started together as here. And the Phase 14 "state transition", where TTFT dropped
   * from 1,909 to 1,468 ms at iteration 18, is a change point: by the seed's rule, two "phases"
   * split at the median.
   */
  @ScenarioTest
  @Scenario(
      id = "s11-b-pairs",
      warmup = 6,
      iterations = 30,
      concurrency = 2,
      loadMode = LoadMode.ROUNDS)
  void pairsStartingTogether(ScenarioResult result) {
    assertThat(result).hasNoErrors();
    print(result);
    assertThat(result.metrics().ttftShape().bimodality())
        .hasValueSatisfying(test -> assertThat(test.bimodal()).isTrue());
  }

  private static void print(ScenarioResult result) {
    Summary ttft = result.metrics().ttft().summary().orElseThrow();
    ShapeAnalysis shape = result.metrics().ttftShape();
    System.out.printf(
        Locale.ROOT,
        "%s: TTFT n=%d mean %.1f p50 %.1f p90 %.1f p99 %.1f ms, CV %.2f%n  first values %s%n",
        result.scenarioId(),
        ttft.n(),
        ttft.mean(),
        ttft.p50(),
        ttft.p90(),
        ttft.p99(),
        ttft.cv(),
        Arrays.toString(
            Arrays.stream(result.metrics().ttft().valuesMs(), 0, 12).map(Math::round).toArray()));
    SeedBimodality seed = shape.seedBimodality();
    System.out.printf(Locale.ROOT, "  seed's rule (CV > 0.3): bimodal=%s%n", seed.bimodal());
    shape.bimodality().ifPresent(HarnessSample_11_ReadingResults::print);
    shape
        .changePoint()
        .ifPresent(
            c ->
                System.out.printf(
                    Locale.ROOT,
                    "  change point after %d of %d: %.1f ms before, %.1f ms after, explains %.0f%%,"
                        + " p=%.4f, significant=%s%n",
                    c.index(),
                    c.n(),
                    c.meanBefore(),
                    c.meanAfter(),
                    100 * c.explainedFraction(),
                    c.pValue(),
                    c.significant()));
    System.out.println("  warmup advice: " + result.warmupAdvice().orElse("none"));
  }

  private static void print(BimodalityTest test) {
    System.out.printf(
        Locale.ROOT,
        "  dip test p=%.4f (rejects unimodality: %s); mixture: %.1f ms x%.2f and %.1f ms x%.2f,"
            + " dBIC %.1f, Ashman's D %.1f (two modes: %s); bimodal=%s%n",
        test.dip().pValue(),
        test.dipRejectsUnimodality(),
        test.mixture().fast().mean(),
        test.mixture().fast().weight(),
        test.mixture().slow().mean(),
        test.mixture().slow().weight(),
        test.mixture().deltaBic(),
        test.mixture().separation(),
        test.mixtureFindsTwoModes(),
        test.bimodal());
  }

  /*
   * ============================== HOW TO RUN THIS SAMPLE: ==============================
   *
   * a) From the repository root:
   *
   *      mvn -B -pl examples -am verify -Dit.test='HarnessSample_11*' \
   *          -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
   *          -Dfailsafe.failIfNoSpecifiedTests=false
   *
   *    Printout: examples/target/failsafe-reports/
   *    io.llmharness.samples.HarnessSample_11_ReadingResults-output.txt; the same analyses are in
   *    examples/target/harness-results/<run id>/s11-*.json under "extended".
   *
   * b) From the IDE: run this class as a JUnit test (working directory: the examples module).
   */
}
