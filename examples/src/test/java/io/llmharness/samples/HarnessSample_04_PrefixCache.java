package io.llmharness.samples;

import static io.llmharness.junit.HarnessAssertions.assertThat;

import io.llmharness.annotations.Scenario;
import io.llmharness.junit.LlmBenchmark;
import io.llmharness.junit.ScenarioTest;
import io.llmharness.results.ScenarioResult;
import io.llmharness.scenario.PromptSharing;
import io.llmharness.stats.Summary;
import java.util.Locale;

/*
 * vLLM's prefix cache keeps the KV cache of prompt blocks (16 tokens each) after a request ends,
 * and a later request whose prompt starts with the same blocks skips their prefill. For TTFT this
 * is the difference between computing the whole prompt and computing almost nothing, so the first
 * question about any TTFT number is: were those prompts cache hits?
 *
 * Two settings decide it:
 *
 *   prefixCache    the server's --enable-prefix-caching (part of the deployment: a server with the
 *                  cache on and one with it off are different servers). Default: on for unified,
 *                  off for the disaggregated backends, as in the Phase 15 guide.
 *   promptSharing  what the prompts of a scenario share: UNIQUE (a random nonce opens every prompt,
 *                  every request prefills in full), WHOLE_PROMPT (identical prompts: all but the
 *                  first are hits) or SHARED_PREFIX (a shared prefix of sharedPrefixTokens, then a
 *                  nonce and a unique tail). Default: UNIQUE with the cache off, WHOLE_PROMPT on.
 *
 * All four scenarios below send 8192-token prompts. The results carry the server's own account:
 * the prefix-cache hit rate is the growth of vllm:prefix_cache_hits_total over the growth of
 * vllm:prefix_cache_queries_total during the measured requests, read from /metrics before and after
 * (extended.server_metrics in the JSON). Trust it more than the TTFT: it says what the server did.
 *
 * What it printed (emulator profile `fast`, a 2-core AMD EPYC VM, Java 17):
 *
 *   s04-a-cache-whole-prompt TTFT min   3.0 p50   4.9 p90   7.2 ms; prefix-cache hit rate 0.998
 *   s04-b-cache-unique       TTFT min  15.4 p50  21.5 p90  24.2 ms; prefix-cache hit rate 0.000
 *   s04-c-cache-late-nonce   TTFT min   2.7 p50   3.7 p90   6.6 ms; prefix-cache hit rate 0.984
 *   s04-d-no-cache           TTFT min  20.1 p50  21.0 p90  25.8 ms; prefix-cache hit rate 0.000
 *
 * The `fast` profile prefills 8192 tokens in one 17.3 ms step; the rest of the ~21 ms is HTTP,
 * JSON and the emulator's tokenizer on two busy cores.
 */

@LlmBenchmark
@Scenario(promptTokens = 8192, maxTokens = 8, warmup = 5, iterations = 20)
class HarnessSample_04_PrefixCache {

  /*
   * The defaults of a unified scenario: cache on, identical prompts. Hit rate 0.998, that is
   * 8176 of 8192 tokens (the server always computes the last block), and a TTFT of 4.9 ms: four
   * times faster than the prefill. That is the Phase 15 guide's unified measurement, and it is
   * fine as long as you say "cached TTFT". It is not the TTFT of an 8192-token prompt. Note also
   * that the cache outlives the scenario: on a shared server, a later scenario with the same
   * prompt length and seed sends the very same prompt and hits from its first request on, warmup
   * or not.
   */
  @ScenarioTest
  @Scenario(id = "s04-a-cache-whole-prompt")
  void cacheOnIdenticalPrompts(ScenarioResult result) {
    print(result);
    assertThat(result).prefixCacheHitRate().isGreaterThan(0.9);
  }

  /*
   * Cache on, but every prompt unique: hit rate 0, TTFT 21.5 ms, the same as with the cache off
   * (s04-d, 21.0 ms). This is how to measure prefill on a server whose cache must stay on, for
   * example to compare with a disaggregated deployment of the same server settings.
   */
  @ScenarioTest
  @Scenario(id = "s04-b-cache-unique", promptSharing = PromptSharing.UNIQUE)
  void cacheOnUniquePrompts(ScenarioResult result) {
    print(result);
    assertThat(result).prefixCacheHitRate().isZero();
  }

  /*
   * Why the nonce goes first. vLLM hashes every block together with the hash of the block before
   * it, so a block can only hit when every block before it hits. A nonce in the first block
   * changes every block of the prompt. A nonce at the end changes only the last block or two.
   *
   * This scenario shares the first 8064 tokens and makes only the last 128 unique, which is what
   * "append a request id to make prompts unique" does (the original Phase 15 scripts appended
   * "[request_id:...]" to the end of each prompt; they got away with it because they also turned
   * the server's cache off). The prompts are all different (every
   * request has its own SHA-256 in the request log), yet the hit rate is 0.984 and TTFT 3.7 ms:
   * this "unique prompt" benchmark would report a prefill almost six times faster than the real
   * one (21.5 ms). The harness's UNIQUE policy puts its nonce in the very first tokens for this
   * reason (PromptSet), and SHARED_PREFIX is there for the cases where sharing a system prompt is
   * the point.
   */
  @ScenarioTest
  @Scenario(
      id = "s04-c-cache-late-nonce",
      promptSharing = PromptSharing.SHARED_PREFIX,
      sharedPrefixTokens = 8064)
  void cacheOnNonceNearTheEnd(ScenarioResult result) {
    print(result);
    assertThat(result).prefixCacheHitRate().isGreaterThan(0.9);
  }

  /*
   * Cache off: a different server (the harness restarts or reuses one with
   * --no-enable-prefix-caching), unique prompts by default. TTFT 21.0 ms; the emulator still
   * counts its lookups, all misses (a server without the counters gives no hit rate at all).
   */
  @ScenarioTest
  @Scenario(id = "s04-d-no-cache", prefixCache = false)
  void cacheOff(ScenarioResult result) {
    print(result);
    assertThat(result).hasNoErrors();
  }

  private static void print(ScenarioResult result) {
    Summary ttft = result.metrics().ttft().summary().orElseThrow();
    System.out.printf(
        Locale.ROOT,
        "%-24s TTFT min %5.1f p50 %5.1f p90 %5.1f ms; prefix-cache hit rate %s%n",
        result.scenarioId(),
        ttft.min(),
        ttft.p50(),
        ttft.p90(),
        result.context().serverMetrics().prefixCacheHitRate().isPresent()
            ? String.format(
                Locale.ROOT,
                "%.3f",
                result.context().serverMetrics().prefixCacheHitRate().getAsDouble())
            : "not reported");
  }

  /*
   * ============================== HOW TO RUN THIS SAMPLE: ==============================
   *
   * a) From the repository root:
   *
   *      mvn -B -pl examples -am verify -Dit.test='HarnessSample_04*' \
   *          -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
   *          -Dfailsafe.failIfNoSpecifiedTests=false
   *
   *    Printout: examples/target/failsafe-reports/
   *    io.llmharness.samples.HarnessSample_04_PrefixCache-output.txt
   *
   * b) From the IDE: run this class as a JUnit test (working directory: the examples module).
   */
}
