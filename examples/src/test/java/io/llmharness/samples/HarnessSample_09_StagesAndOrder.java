package io.llmharness.samples;

import static io.llmharness.junit.HarnessAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.annotations.Scenario;
import io.llmharness.junit.LlmBenchmark;
import io.llmharness.junit.ScenarioTest;
import io.llmharness.junit.ServerHandle;
import io.llmharness.results.ScenarioResult;
import io.llmharness.scenario.ScenarioSpec;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/*
 * Starting a server is the most expensive thing a benchmark run does: a 32B model takes minutes to
 * load, and every restart is also a cold start (sample 02). The harness starts servers only when it
 * must, and orders the run so that it rarely must.
 *
 * What decides the server. A scenario's deployment is everything the server needs to know: the
 * backend (unified, or prefill + decode + proxy), the model, --max-model-len, the prefix cache,
 * tensor parallelism, GPU memory fraction, --max-num-batched-tokens. Two scenarios with equal
 * deployments share a server; the Supervisor reuses a running one when it is equal and healthy,
 * and otherwise stops it and starts the new one.
 *
 * Stages. --max-model-len is derived, not chosen: the smallest stage of the ladder
 * (harness.stages, default 32768, 65536, 131072, the Phase 15 guide's) that holds the prompt plus
 * max_tokens. A 40000-token prompt needs stage 2; a 1000-token prompt fits stage 1. A smaller
 * stage means a smaller KV-cache reservation per request, which is why the guide restarts vLLM
 * per stage instead of running everything at 131072.
 *
 * Order. StageClassOrderer (enabled in src/test/resources/junit-platform.properties) sorts the test
 * classes of the run by the stage and deployment of their first scenario, and hands the whole plan
 * to the extension. LlmBenchmark sorts the methods of a class the same way. And before the
 * extension leaves a deployment, it runs every planned scenario that still needs it, wherever it
 * is declared, and keeps the outcome until that scenario's test method comes. The log says so:
 *
 *   [harness] running s10-a-cached now, while its deployment unified-32768-cache is up
 *
 * So each distinct deployment starts once per run, whatever order the classes and methods are
 * written in.
 */

@LlmBenchmark
@Scenario(maxTokens = 8, warmup = 1, iterations = 3)
class HarnessSample_09_StagesAndOrder {

  /** The start number of the server each scenario of this class ran on, by scenario id. */
  private static final Map<String, Integer> STARTS = new ConcurrentHashMap<>();

  /*
   * The three methods are declared in the worst order: stage 2 first, then stage 1 without the
   * cache, then stage 1 with it. In a run of the whole examples module they printed:
   *
   *   s09-c-stage1           max_model_len  32768  deployment unified-32768-cache    server start #5
   *   s09-b-stage1-no-cache  max_model_len  32768  deployment unified-32768-nocache  server start #4
   *   s09-a-stage2           max_model_len  65536  deployment unified-65536-cache    server start #6
   *   [harness] 7 deployment start(s) for 7 distinct deployment(s); results in ...
   *
   * The starts of that run: #1 sample 02's server of its own (max_model_len 16384 sorts first),
   * #2 and #3 sample 08's EFA and TCP deployments (at stage 1, "efa-" and "tcp-" sort before
   * "unified-"), #4 unified without cache (sample 08's s08-unified came first, and the run-ahead
   * took 04-d, 09-b, 10-b and the four of 07 along), #5 unified with cache (01, 04, 09-c, 10-a),
   * #6 stage 2, #7 sample 11's (it differs from #4 only in --max-num-batched-tokens, which is
   * enough). Seven distinct deployments, seven starts, for all the JUnit samples of the module,
   * several of which need more than one server.
   *
   * The same run with the orderer replaced by JUnit's ClassName orderer (and so without a plan to
   * run ahead with) started 13 servers for the same seven deployments (this class's scenarios then
   * met starts #8, #9 and #10): every time two consecutive scenarios need different servers, the
   * server restarts.
   *
   * What could surprise you:
   *
   *   - A test method may receive a result measured long before it runs, while another class was
   *     running; its progress lines then appear in that other class's output.
   *   - The server that measured a scenario may be gone when its method runs. ServerHandle tells
   *     which deployment and which start served it (the numbers above), but do not send requests to
   *     its URL from the test method. A resumed scenario (sample 14) started no server at all, and
   *     asking for a ServerHandle then fails with that explanation.
   *   - The orderer sorts classes by their first scenario only, and a class runs all its methods
   *     before the next class starts. Here, stage 2 (#6) started before sample 11's stage-1 server
   *     (#7). The run-ahead keeps the number of starts at the minimum anyway; to also go strictly
   *     stage 1, 2, 3 (as the Phase 15 guide does), give each stage its own classes, as the
   *     phase15-suite module does.
   */
  @ScenarioTest
  @Scenario(id = "s09-a-stage2", promptTokens = 40000)
  void stage2(ScenarioSpec spec, ScenarioResult result, ServerHandle server) {
    record(spec, result, server);
    // Declared first, but it runs after both stage-1 scenarios: stage 2 needs a bigger server.
    assertThat(STARTS).containsKeys("s09-b-stage1-no-cache", "s09-c-stage1");
    assertThat(server.startNumber()).isGreaterThan(STARTS.get("s09-c-stage1"));
  }

  @ScenarioTest
  @Scenario(id = "s09-b-stage1-no-cache", promptTokens = 1000, prefixCache = false)
  void stage1WithoutCache(ScenarioSpec spec, ScenarioResult result, ServerHandle server) {
    record(spec, result, server);
  }

  @ScenarioTest
  @Scenario(id = "s09-c-stage1", promptTokens = 1000)
  void stage1(ScenarioSpec spec, ScenarioResult result, ServerHandle server) {
    record(spec, result, server);
  }

  private static void record(ScenarioSpec spec, ScenarioResult result, ServerHandle server) {
    assertThat(result).hasNoErrors();
    STARTS.put(spec.id(), server.startNumber());
    System.out.printf(
        Locale.ROOT,
        "%-22s max_model_len %6d  deployment %-22s server start #%d%n",
        spec.id(),
        spec.server().maxModelLen(),
        server.deployment().name(),
        server.startNumber());
  }

  /*
   * ============================== HOW TO RUN THIS SAMPLE: ==============================
   *
   * a) From the repository root, with all the other samples (the ordering is a property of the
   *    whole run; this class alone starts three servers for its three deployments):
   *
   *      mvn -B -pl examples -am verify -Dit.test='io.llmharness.samples.**' \
   *          -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
   *          -Dfailsafe.failIfNoSpecifiedTests=false
   *
   *    Printout: examples/target/failsafe-reports/
   *    io.llmharness.samples.HarnessSample_09_StagesAndOrder-output.txt; the "[harness] N
   *    deployment start(s)" line comes when the run ends, in the output of the last test class.
   *    To see the run without the orderer,
   *    add -Djunit.jupiter.testclass.order.default='org.junit.jupiter.api.ClassOrderer$ClassName'.
   *
   * b) From the IDE: run the examples module's tests (working directory: the examples module).
   *    The IDE must pick up src/test/resources/junit-platform.properties, or the orderer is off.
   */
}
