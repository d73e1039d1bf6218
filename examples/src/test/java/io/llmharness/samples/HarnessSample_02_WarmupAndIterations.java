package io.llmharness.samples;

import static io.llmharness.junit.HarnessAssertions.assertThat;

import io.llmharness.annotations.Scenario;
import io.llmharness.junit.LlmBenchmark;
import io.llmharness.junit.ScenarioTest;
import io.llmharness.results.ScenarioResult;
import io.llmharness.stats.ConfidenceInterval;
import io.llmharness.stats.Summary;
import java.util.Arrays;
import java.util.Locale;

/*
 * Warmup requests are sent before the measured ones, with the same shape, and are excluded from
 * every metric (they are still in the request log, marked "warmup"). Iterations are the measured
 * requests: `iterations` times `concurrency` of them.
 *
 * "The same shape" matters: the original Phase 15 scripts warmed up with a 10-token prompt, 10
 * output tokens and no concurrency, which exercised neither a long prefill nor a large KV
 * transfer, and their first real request came out 2 to 4.5 times slower than the rest. Here,
 * warmup requests are the scenario's own requests: same prompt length, same sharing, same
 * concurrency or rate.
 *
 * Why warm up at all? A freshly started server is slower at first: its JIT has not compiled the
 * hot paths yet (vLLM has CUDA graphs to capture and allocator pools to grow; our emulator is a JVM
 * that has to warm up like any other), connections are not open yet, caches are empty. These
 * first requests measure the start, not the server.
 *
 * The class annotation gives every scenario of this class the same shape: 2048-token prompts,
 * 16-token answers, prefix cache off (so every request does the same work, a full prefill), and
 * max_model_len 16384. That last one is here for a subtle reason: servers are shared. In a JUnit
 * run, every scenario that needs the same deployment (backend, stage, cache, ...) runs on the same
 * server process, and only the first one of them meets it cold. No other sample asks for 16384, so
 * this class gets a server of its own, and its first scenario, s02-a-cold, really is cold. (Which
 * scenario pays for a cold server otherwise depends on the order of the run: sample 09.)
 */

@LlmBenchmark
@Scenario(promptTokens = 2048, maxTokens = 16, prefixCache = false, maxModelLen = 16384)
class HarnessSample_02_WarmupAndIterations {

  /*
   * No warmup, on a server that has served nothing yet. Two runs of this sample, same machine
   * (2-core AMD EPYC VM, Java 17), emulator profile `fast`:
   *
   *   s02-a-cold: first TTFTs [122, 30, 10, 11, 12] ms; n=40 mean 18.3 p50 9.9 p99 110.4 ms
   *     change point after 1 requests: 121.9 ms before, 15.7 ms after, p=0.0555
   *
   *   s02-a-cold: first TTFTs [20, 9, 7, 7, 9] ms; n=40 mean 7.6 p50 6.5 p99 18.7 ms
   *     change point after 1 requests: 20.0 ms before, 7.3 ms after, p=0.0585
   *
   * The first request took 122 ms in one run and 20 ms in the other: how cold a start is varies
   * from run to run, which is one more reason not to measure it by accident. In the first run, that
   * one request alone moved the mean of 40 from 15.7 to 18.3 ms.
   *
   * The harness looks for this: the change-point analysis (sample 11) finds the split of the
   * request sequence that explains most of the variance, and tests it with a permutation test. Here
   * it found "after request 1", but with p = 0.056 it is not significant at the 1% level, so there
   * is no warmup advice. That is deliberate: a single slow value lands at one of the two ends of a
   * series of 40 by chance with probability about 2/40 = 0.05, so one slow first request cannot be
   * told apart from a random hiccup. When the first three are slow (sample 11's cold start), the
   * result says "raise warmup to at least 3".
   */
  @ScenarioTest
  @Scenario(id = "s02-a-cold", warmup = 0, iterations = 40)
  void cold(ScenarioResult result) {
    assertThat(result).hasNoErrors();
    print(result);
  }

  /*
   * The same scenario after 20 warmup requests, on the same (now warm) server:
   *
   *   s02-b-warm: first TTFTs [9, 6, 8, 7, 11] ms; n=40 mean 10.0 p50 6.6 p99 56.9 ms
   *   s02-b-warm: first TTFTs [6, 7, 8, 8, 7] ms; n=40 mean 7.4 p50 6.7 p99 12.1 ms
   *
   * In the first run the cold scenario was slower throughout, not only at its first request: p50
   * 9.9 ms cold against 6.6 ms warm, and a mean of 15.7 ms after the first request against 10.0 ms.
   * A JIT warms up method by method, so the slowdown fades rather than stops, and no single split
   * explains it. In the second run the start was over after one request, and cold and warm agree
   * (p50 6.5 against 6.7 ms, mean 7.6 against 7.4 ms).
   *
   * What warmup hides. Excluding the start is right when you want the steady state, but the start is
   * real: the first users after a deployment meet the cold server. Warmup also changes the server's
   * state in ways that are easy to forget: with the prefix cache on and identical prompts, the
   * warmup requests fill the cache and every measured request is a cache hit (sample 04); in a
   * disaggregated deployment, the first KV transfers of a decode instance can be slower (the Phase
   * 15 guide's "phase A"), and a warmup longer than that phase removes it from the numbers without
   * a trace. If the start is what you want to know, measure it on purpose: warmup 0, on a server
   * started for it, as s02-a-cold does.
   */
  @ScenarioTest
  @Scenario(id = "s02-b-warm", warmup = 20, iterations = 40)
  void warm(ScenarioResult result) {
    assertThat(result).hasNoErrors();
    print(result);
  }

  /*
   * Five iterations instead of 40:
   *
   *   s02-c-few: first TTFTs [7, 7, 8, 8, 7] ms; n=5 mean 7.4 p50 7.0 p99 8.3 ms
   *     95% intervals: mean [6.9, 7.9], p50 [6.8, 8.3], p99 [7.0, 8.3] ms
   *
   * This looks precise, and it misleads: p99 of five values is their maximum, and its interval can
   * only ever span the values seen. The warm run above had one 57 ms request in 40; five requests
   * miss a one-in-40 event with probability (39/40)^5 = 88%. Few iterations do not give a noisy p99,
   * they give a p99 that is not there. Size iterations for the percentile you report: a p99 wants
   * hundreds of requests, p50 is fine with tens.
   */
  @ScenarioTest
  @Scenario(id = "s02-c-few", warmup = 20, iterations = 5)
  void few(ScenarioResult result) {
    assertThat(result).hasNoErrors();
    print(result);
  }

  private static void print(ScenarioResult result) {
    double[] ttft = result.metrics().ttft().valuesMs();
    Summary s = result.metrics().ttft().summary().orElseThrow();
    System.out.printf(
        Locale.ROOT,
        "%s: first TTFTs %s ms; n=%d mean %.1f p50 %.1f p99 %.1f ms%n",
        result.scenarioId(),
        Arrays.toString(
            Arrays.stream(ttft, 0, Math.min(5, ttft.length)).map(Math::round).toArray()),
        s.n(),
        s.mean(),
        s.p50(),
        s.p99());
    s.intervals()
        .ifPresent(
            ci ->
                System.out.printf(
                    Locale.ROOT,
                    "  95%% intervals: mean %s, p50 %s, p99 %s ms%n",
                    text(ci.mean()),
                    text(ci.p50()),
                    text(ci.p99())));
    result
        .metrics()
        .ttftShape()
        .changePoint()
        .ifPresent(
            c ->
                System.out.printf(
                    Locale.ROOT,
                    "  change point after %d requests: %.1f ms before, %.1f ms after, p=%.4f%n",
                    c.index(),
                    c.meanBefore(),
                    c.meanAfter(),
                    c.pValue()));
    System.out.println("  warmup advice: " + result.warmupAdvice().orElse("none"));
  }

  private static String text(ConfidenceInterval ci) {
    return String.format(Locale.ROOT, "[%.1f, %.1f]", ci.lower(), ci.upper());
  }

  /*
   * ============================== HOW TO RUN THIS SAMPLE: ==============================
   *
   * a) From the repository root:
   *
   *      mvn -B -pl examples -am verify -Dit.test='HarnessSample_02*' \
   *          -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
   *          -Dfailsafe.failIfNoSpecifiedTests=false
   *
   *    Printout: examples/target/failsafe-reports/
   *    io.llmharness.samples.HarnessSample_02_WarmupAndIterations-output.txt
   *
   * b) From the IDE: run this class as a JUnit test (working directory: the examples module).
   *    Run it a few times with -Dharness.run.id=<new id> each time, and watch the cold start vary.
   */
}
