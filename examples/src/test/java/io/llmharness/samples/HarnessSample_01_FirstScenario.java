package io.llmharness.samples;

import static io.llmharness.junit.HarnessAssertions.assertThat;

import io.llmharness.annotations.Scenario;
import io.llmharness.junit.LlmBenchmark;
import io.llmharness.junit.ScenarioTest;
import io.llmharness.results.LatencyMetric;
import io.llmharness.results.ScenarioResult;
import io.llmharness.results.Throughput;
import io.llmharness.stats.Summary;
import java.util.Locale;

/*
 * This is our first scenario: a benchmark of an LLM inference server, declared like a JUnit test.
 *
 * @LlmBenchmark marks the class; it registers the harness's JUnit extension. Every @ScenarioTest
 * method is one scenario (or, as sample 07 shows, a matrix of them), described by @Scenario. Before
 * the method runs, the harness
 *
 *   1. resolves the scenario: every option not given here takes its default (README, "Scenario
 *      options"), and the rules are checked before anything starts;
 *   2. starts the server the scenario needs, or reuses one that is already up. The default target
 *      is "emulated": a vLLM-compatible emulator process on this machine, started with the same
 *      `vllm serve` command line a real vLLM would get, plus a latency profile (`fast` here, see
 *      junit-platform.properties). Nothing in this module needs a GPU;
 *   3. builds prompts of exactly 1024 tokens as the server counts them (sample 05);
 *   4. sends 5 warmup requests, then 20 measured ones, one at a time, streaming each answer and
 *      stamping every event with System.nanoTime() as it arrives;
 *   5. writes every request to <results>/<run id>/s01-first.requests.jsonl the moment it finishes,
 *      analyses the measured ones and writes s01-first.json beside it;
 *   6. injects the ScenarioResult into the method, which asserts on it like on any other value.
 *
 * The metrics (METRICS.md has the exact formulas):
 *
 *   TTFT  time to first token: from handing the request to the HTTP client to the first event with
 *         non-empty text. It contains the upload, any queueing in the server, and the prefill.
 *   TPOT  time per output token after the first: (E2E - TTFT) / (completion_tokens - 1), with the
 *         token count the server reports, never the number of chunks.
 *   ITL   every gap between two content events, pooled over all requests.
 *   E2E   from the hand-off to `data: [DONE]`.
 */

@LlmBenchmark
class HarnessSample_01_FirstScenario {

  /*
   * Ids are scenario names and result file names, and must be unique in a run: the whole examples
   * module is one run, so every sample prefixes its ids with its number. Without `id`, the method
   * name is the id.
   *
   * What this printed on the emulator's `fast` profile (a 2-core AMD EPYC VM, Java 17):
   *
   *   TTFT n= 20  min    2.43  p50    4.73  p90    9.03  p99   38.18  max   44.59 ms
   *   TPOT n= 20  min    1.22  p50    1.22  p90    1.24  p99    1.43  max    1.46 ms
   *   ITL  n=620  min    0.00  p50    1.22  p90    1.39  p99    3.02  max    6.65 ms
   *   E2E  n= 20  min   40.29  p50   42.71  p90   49.36  p99   76.15  max   82.36 ms
   *   throughput 21.1 requests/s, 675 output tokens/s
   *   TTFT 95% intervals: p50 [4.0, 5.7] ms, p99 [6.9, 44.6] ms
   *
   * The `fast` profile models a decode step of 1.215 ms, and TPOT is 1.22 ms: the decode side is
   * what the profile says. E2E is TTFT + 31 * TPOT, as it should be with ignore_eos (on by default)
   * making every answer exactly maxTokens = 32 tokens long.
   *
   * Now the first pitfall: one number is not a measurement. TTFT's p50 is 4.7 ms but its p99 is
   * 38 ms, eight times more. With 20 values, "p99" interpolates between the two largest values; its
   * bootstrap interval, [6.9, 44.6] ms, says that it is not estimable from this little data, while
   * the interval of p50, [4.0, 5.7] ms, is narrow. Read p99 only with a few hundred requests, and
   * always read the intervals (in the JSON: extended.summaries.ttft.ci).
   *
   * And a second one, which sample 04 takes apart: this scenario runs on a server with the prefix
   * cache on (the default of the unified backend) and sends 20 identical prompts (the default
   * sharing with the cache on). Its TTFT is the TTFT of a cache hit, not of a 1024-token prefill.
   */
  @ScenarioTest
  @Scenario(id = "s01-first", promptTokens = 1024, maxTokens = 32, warmup = 5, iterations = 20)
  void firstScenario(ScenarioResult result) {
    assertThat(result).hasNoErrors();

    print("TTFT", result.metrics().ttft());
    print("TPOT", result.metrics().tpot());
    print("ITL", result.metrics().itl());
    print("E2E", result.metrics().e2e());
    Throughput t = result.metrics().throughput();
    System.out.printf(
        Locale.ROOT,
        "throughput %.1f requests/s, %.0f output tokens/s%n",
        t.requestsPerSecond(),
        t.outputTokensPerSecond());
    Summary ttft = result.metrics().ttft().summary().orElseThrow();
    ttft.intervals()
        .ifPresent(
            ci ->
                System.out.printf(
                    Locale.ROOT,
                    "TTFT 95%% intervals: p50 [%.1f, %.1f] ms, p99 [%.1f, %.1f] ms%n",
                    ci.p50().lower(),
                    ci.p50().upper(),
                    ci.p99().lower(),
                    ci.p99().upper()));
  }

  private static void print(String name, LatencyMetric metric) {
    Summary s = metric.summary().orElseThrow();
    System.out.printf(
        Locale.ROOT,
        "%-4s n=%3d  min %7.2f  p50 %7.2f  p90 %7.2f  p99 %7.2f  max %7.2f ms%n",
        name,
        s.n(),
        s.min(),
        s.p50(),
        s.p90(),
        s.p99(),
        s.max());
  }

  /*
   * ============================== HOW TO RUN THIS SAMPLE: ==============================
   *
   * a) From the repository root (builds the modules it needs, starts emulator processes):
   *
   *      mvn -B -pl examples -am verify -Dit.test='HarnessSample_01*' \
   *          -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
   *          -Dfailsafe.failIfNoSpecifiedTests=false
   *
   *    The printout is in examples/target/failsafe-reports/
   *    io.llmharness.samples.HarnessSample_01_FirstScenario-output.txt, the result files in
   *    examples/target/harness-results/samples-<build time>/.
   *
   * b) From the IDE: run this class as a JUnit test, with the examples module as the working
   *    directory. A second run with the same run id (`samples`, junit-platform.properties) re-reads
   *    the results instead of measuring again (sample 14); delete examples/target/harness-results
   *    or pass -Dharness.run.id=<new id> to measure anew.
   *
   * c) Against a real vLLM on this machine: add -Dharness.target=local (README, "Target and
   *    servers"); the scenario stays the same.
   */
}
