package io.llmharness.samples;

import static io.llmharness.junit.HarnessAssertions.assertThat;

import io.llmharness.annotations.Scenario;
import io.llmharness.junit.LlmBenchmark;
import io.llmharness.junit.ScenarioTest;
import io.llmharness.results.ScenarioResult;
import io.llmharness.scenario.ScenarioSpec;
import io.llmharness.stats.Summary;
import java.util.Locale;

/*
 * Every @Scenario attribute is an array. Give an attribute several values and the scenario expands
 * into the outer product of all multi-valued attributes, like JMH's @Param: two prompt lengths
 * times two concurrencies make four scenarios from one method, and the method runs once per
 * scenario, with that scenario's result (JUnit shows each as its own invocation, named by its id).
 *
 * Ids must be unique, so name the dimensions in the id template: {promptTokens}, {concurrency}, or
 * any other option's name. A dimension the template does not name is appended ("-4096"), which is
 * unique but unreadable once there are three of them.
 *
 * A matrix is resolved and validated point by point before anything starts, and one broken point
 * fails the whole declaration: `endpoint = {COMPLETIONS, CHAT}, tokenIds = {false, true}` is
 * rejected because token-id prompts cannot go to the chat endpoint. Matrices also grow fast: a
 * third attribute with three values makes this one twelve scenarios. Points that need different
 * servers (a matrix over prefixCache or maxModelLen) are grouped by server, so each server starts
 * once (sample 09).
 */

@LlmBenchmark
@Scenario(maxTokens = 16, warmup = 4, iterations = 6, prefixCache = false)
class HarnessSample_07_ParameterMatrix {

  /*
   * What it printed (emulator profile `fast`, a 2-core AMD EPYC VM, Java 17, shared with other
   * builds):
   *
   *   s07-p1024-c1    6 requests  TTFT p50    4.6 ms  TPOT p50  1.25 ms   37.0 requests/s
   *   s07-p1024-c4   24 requests  TTFT p50    6.5 ms  TPOT p50  1.41 ms  124.9 requests/s
   *   s07-p8192-c1    6 requests  TTFT p50   20.5 ms  TPOT p50  1.22 ms   23.4 requests/s
   *   s07-p8192-c4   24 requests  TTFT p50   68.4 ms  TPOT p50  1.68 ms   42.1 requests/s
   *
   * Reading a matrix means reading it along its axes. Along concurrency, short prompts scale well:
   * 3.4 times the throughput for a TTFT of 6.5 instead of 4.6 ms, because four decodes share one
   * engine step almost for free. Long prompts do not: 1.8 times the throughput for 3.3 times the
   * TTFT, because four 8192-token prefills share a budget of 8192 tokens per engine step (the
   * profile's --max-num-batched-tokens) and queue behind each other, and the decode steps that
   * carry a prefill chunk get longer, which is why TPOT rises to 1.68 ms as well.
   *
   * The trap in this table is its first column. `iterations` counts iterations, and each
   * iteration is `concurrency` requests (the original scripts' convention, kept for
   * comparability), so the c1 points rest on 6 requests and the c4 points on 24. The c1 medians
   * are the rougher ones; when points of a matrix are compared, give them comparable request
   * counts, or at least read the intervals in the JSON before believing a difference.
   */
  @ScenarioTest
  @Scenario(
      id = "s07-p{promptTokens}-c{concurrency}",
      promptTokens = {1024, 8192},
      concurrency = {1, 4})
  void matrix(ScenarioSpec spec, ScenarioResult result) {
    assertThat(result).hasNoErrors();
    Summary ttft = result.metrics().ttft().summary().orElseThrow();
    Summary tpot = result.metrics().tpot().summary().orElseThrow();
    System.out.printf(
        Locale.ROOT,
        "%-14s %2d requests  TTFT p50 %6.1f ms  TPOT p50 %5.2f ms  %5.1f requests/s%n",
        spec.id(),
        result.errors().measured(),
        ttft.p50(),
        tpot.p50(),
        result.metrics().throughput().requestsPerSecond());
  }

  /*
   * ============================== HOW TO RUN THIS SAMPLE: ==============================
   *
   * a) From the repository root:
   *
   *      mvn -B -pl examples -am verify -Dit.test='HarnessSample_07*' \
   *          -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
   *          -Dfailsafe.failIfNoSpecifiedTests=false
   *
   *    Printout: examples/target/failsafe-reports/
   *    io.llmharness.samples.HarnessSample_07_ParameterMatrix-output.txt
   *    Add -Dharness.scenarios='s07-p8192-*' to run only the long-prompt points.
   *
   * b) From the IDE: run this class as a JUnit test (working directory: the examples module).
   */
}
