package io.llmharness.samples;

import io.llmharness.results.ScenarioResult;
import io.llmharness.runner.Runner;
import io.llmharness.scenario.ScenarioOptions;
import io.llmharness.scenario.ScenarioSpec;
import io.llmharness.scenario.Scenarios;
import io.llmharness.scenario.StageLadder;
import io.llmharness.server.DeploymentPlanner;
import io.llmharness.server.RunningDeployment;
import io.llmharness.server.Supervisor;
import io.llmharness.server.TargetConfig;
import io.llmharness.stats.Summary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/*
 * Two ways to load a server, and why the common one can hide what users would see.
 *
 * Closed loop (`concurrency = N`, the default with N = 1): N workers, each sending its next request
 * when its previous one has finished. The load adapts to the server: when the server slows down,
 * the client slows down with it.
 *
 * Open loop (`requestRate = R`): requests arrive on a schedule, R per second on average (Poisson
 * gaps; `burstiness` changes the gamma shape), whether or not earlier ones have finished. That is
 * how users arrive. The harness does not cap open-loop requests in flight: every request gets its
 * own thread and is handed over at its scheduled time, as long as the machine keeps up (see the
 * end), and `concurrency` only multiplies the request count.
 *
 * The pitfall is coordinated omission (Gil Tene's name for it): a closed-loop client coordinates
 * with the server. It never asks for more than the server delivers, so it never sees a queue, and
 * when the server stalls it simply sends fewer requests, so the stall leaves fewer samples than it
 * deserves. Its latencies answer "how fast is one request when the server is never overloaded",
 * not "what latency do users see at this traffic".
 *
 * This sample makes the server small on purpose: the emulator flag --max-num-seqs 1 lets it run
 * one request at a time (vLLM's flag of the same name), so its capacity is 1 / E2E, about 40
 * requests per second for these 256-token prompts and 20-token answers. Emulator flags are a
 * property of the target, not of a scenario, so this sample is a main with a TargetConfig of its
 * own; from JUnit you would pass -Dharness.emulator.args="--max-num-seqs 1" to the whole run.
 *
 * What it printed (emulator profile `fast`, a 2-core AMD EPYC VM, Java 17, shared with other
 * builds: load average about 10):
 *
 *   s03-a-closed-c1    34.5 requests/s | TTFT p50    3.8 p99   24.7 ms | from schedule p50    4.2 p99   25.1 ms | mean difference 0.43 ms
 *   s03-b-closed-c4    38.6 requests/s | TTFT p50   73.2 p99   79.5 ms | from schedule p50   73.7 p99   79.9 ms | mean difference 0.32 ms
 *   s03-c-open-50rps   38.8 requests/s | TTFT p50  223.2 p99  393.1 ms | from schedule p50  225.1 p99  393.7 ms | mean difference 1.07 ms
 *     TTFT in request order: first [60, 84, 101, 124, 125] ... last [352, 352, 348, 298, 307] ms
 *
 * Read it like this:
 *
 *   - One worker (s03-a) sees a 4 ms TTFT at 34 requests per second. True, and useless for
 *     capacity planning: nobody queued, because the client never let a queue form.
 *   - Four workers (s03-b) saturate the one-request server: throughput rises only to 39 per second,
 *     the server's capacity, and each request now waits behind the three others inside the server:
 *     TTFT 73 ms, three times an E2E. A closed loop bounds the queue by N, so even here the latency
 *     stays bounded and looks steady.
 *   - Fifty arrivals per second (s03-c), above capacity: the queue grows for as long as the run
 *     lasts. Open-loop warmup requests arrive on the same schedule, just before the measured ones,
 *     so the queue had been growing for 0.2 s when measurement began: TTFT climbs from 60 ms at the
 *     first measured request to 350 ms at the end, and p50/p99 only describe how long we ran; a
 *     longer run reports a worse p99. The reported throughput, 39 per second, is what the server
 *     delivered, not the 50 that were offered. An open-loop run whose TTFT grows along the request
 *     order (look at the change point, sample 11) is a run above capacity.
 *
 * `ttft` starts when a request is handed to the HTTP client; `ttft_from_schedule` when it was
 * meant to start (its arrival on the schedule; in closed loop, when the worker picked it up). In
 * the run above they differ by 0.3 to 1.1 ms: the time to build the prompt and the JSON body and,
 * in open loop, to start the request's thread. The queue is inside the server, so `ttft` sees it
 * too. The two diverge when the client falls behind its own schedule, and this very sample did so
 * in another run, while other builds loaded the two cores even more (load average 12.5):
 *
 *   s03-c-open-50rps   36.5 requests/s | TTFT p50  152.8 p99  420.1 ms | from schedule p50  284.3 p99  455.8 ms | mean difference 60.55 ms
 *
 * The client handed its requests over 61 ms late on average. Late requests reach the server later,
 * find a shorter queue, and show a better `ttft` (p50 153 against 223 ms above), while the users
 * they stand for had been waiting since their arrival: `ttft_from_schedule` (p50 284 ms) is what
 * they would have seen. A starved load generator, too few threads or connections, or a tool that
 * caps requests in flight (`vllm bench serve --max-concurrency` waits on a semaphore before it
 * starts its TTFT clock) all put the wait before the hand-off, where `ttft` cannot see it. Always
 * report both for open-loop load, and assert on `ttftFromSchedule()`.
 */
public final class HarnessSample_03_ConcurrencyVersusRate {
  private HarnessSample_03_ConcurrencyVersusRate() {}

  public static void main(String[] args) {
    TargetConfig target =
        TargetConfig.fromProperties(
            Map.of(
                "harness.emulator.profile", "fast", "harness.emulator.args", "--max-num-seqs 1"));
    ScenarioOptions common =
        ScenarioOptions.builder()
            .promptTokens(256)
            .maxTokens(20)
            .prefixCache(false)
            .warmup(10)
            .build();
    List<ScenarioSpec> specs =
        List.of(
            spec(common, ScenarioOptions.builder().id("s03-a-closed-c1").iterations(40)),
            spec(
                common,
                ScenarioOptions.builder().id("s03-b-closed-c4").iterations(10).concurrency(4)),
            spec(
                common,
                ScenarioOptions.builder().id("s03-c-open-50rps").iterations(40).requestRate(50)));

    List<ScenarioResult> results = new ArrayList<>();
    try (Supervisor supervisor = new Supervisor(target);
        Runner runner = SampleRunners.runner("03")) {
      for (ScenarioSpec spec : specs) {
        RunningDeployment server = supervisor.ensure(new DeploymentPlanner(target).plan(spec));
        ScenarioResult result = runner.run(spec, server.target()).result();
        print(result);
        results.add(result);
      }
    }
    double closed = p50(results.get(0));
    double open = p50(results.get(2));
    if (!(open > closed)) {
      throw new IllegalStateException(
          "open-loop load above capacity should queue: TTFT p50 " + open + " vs " + closed + " ms");
    }
  }

  private static ScenarioSpec spec(ScenarioOptions common, ScenarioOptions.Builder own) {
    return Scenarios.resolve(common.overriddenBy(own.build()), "s03", StageLadder.DEFAULT).get(0);
  }

  private static double p50(ScenarioResult result) {
    return result.metrics().ttftFromSchedule().summary().orElseThrow().p50();
  }

  private static void print(ScenarioResult result) {
    Summary ttft = result.metrics().ttft().summary().orElseThrow();
    Summary fromSchedule = result.metrics().ttftFromSchedule().summary().orElseThrow();
    double[] values = result.metrics().ttft().valuesMs();
    System.out.printf(
        Locale.ROOT,
        "%-17s %5.1f requests/s | TTFT p50 %6.1f p99 %6.1f ms | from schedule p50 %6.1f p99 %6.1f"
            + " ms | mean difference %.2f ms%n  TTFT in request order: first %s ... last %s ms%n",
        result.scenarioId(),
        result.metrics().throughput().requestsPerSecond(),
        ttft.p50(),
        ttft.p99(),
        fromSchedule.p50(),
        fromSchedule.p99(),
        fromSchedule.mean() - ttft.mean(),
        Arrays.toString(Arrays.stream(values, 0, 5).map(Math::round).toArray()),
        Arrays.toString(
            Arrays.stream(values, values.length - 5, values.length).map(Math::round).toArray()));
  }

  /*
   * ============================== HOW TO RUN THIS SAMPLE: ==============================
   *
   * a) From the repository root, through the test that runs every main-style sample:
   *
   *      mvn -B -pl examples -am verify -Dit.test='SamplesMainIT#sample03*' \
   *          -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
   *          -Dfailsafe.failIfNoSpecifiedTests=false
   *
   *    Printout: examples/target/failsafe-reports/io.llmharness.samples.SamplesMainIT-output.txt
   *
   * b) From the IDE: run main() (working directory: the examples module, whose runtime classpath
   *    holds the emulator that the supervisor starts).
   *
   * c) Change requestRate to 30, below capacity (~75% busy). It does not make TTFT flat: Poisson
   *    arrivals come in bursts, and a server that serves one request at a time queues each burst.
   *    One run (load average 12) gave TTFT p50 27.0, p90 63.4, p99 93.6 ms, seven times the closed
   *    loop's median, and TTFT from the schedule p90 91.8, p99 196.1 ms: on the loaded machine,
   *    the client started some requests of each burst late as well.
   */
}
