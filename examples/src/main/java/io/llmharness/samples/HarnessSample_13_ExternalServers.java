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
import java.net.URI;
import java.util.Locale;
import java.util.Map;

/*
 * Not every server is the harness's to start. A shared vLLM on a GPU node, a deployment behind a
 * load balancer, a server someone else is debugging: for those, harness.target=external points the
 * run at URLs, one per backend (harness.external.unified, .efa, .tcp; for efa/tcp give the P/D
 * proxy's URL), and the harness never starts, restarts or stops anything.
 *
 * The price is that the harness can no longer make the server match the scenario. A scenario's
 * server settings (prefix cache, max_model_len, tensor parallelism, ...) decide which server the
 * emulated, local and ssh targets start; the external target sends every scenario of a backend to
 * the same URL, whatever its settings. What it still checks: the served model and its
 * max_model_len (/v1/models), so a scenario that cannot fit fails with the reason (in JUnit, a
 * scenario whose stage is larger than the server's max_model_len is skipped, the reason naming the
 * URL and both lengths), and it still sizes prompts with that server's /tokenize.
 *
 * To make it concrete, this main plays both roles: a first Supervisor on the emulated target
 * starts an emulator with the prefix cache OFF (standing in for a server someone else runs), and
 * a second Supervisor on the external target sends two scenarios to it: one that asks for the
 * cache off, one that asks for it on.
 *
 * What it printed (emulator profile `fast`, a 2-core AMD EPYC VM, Java 17):
 *
 *   an emulator started outside the harness serves http://127.0.0.1:39251 (prefix cache off)
 *   s13-a-cache-off  asked for prefix cache false -> http://127.0.0.1:39251, 0 processes started, TTFT p50 22.2 ms, server's prefix-cache hit rate 0.000
 *   s13-b-cache-on   asked for prefix cache true  -> http://127.0.0.1:39251, 0 processes started, TTFT p50 22.6 ms, server's prefix-cache hit rate 0.000
 *   deployments the external target started: 0
 *
 * s13-b asked for the cache and identical prompts, and was sent to a server without a cache. Its
 * result file says prefix_cache: true in metadata and spec, because that is what the scenario
 * asked for, but its TTFT is a full 8192-token prefill (22.6 ms, the same as s13-a), not a cache
 * hit (about 5 ms, sample 04). Only the server's own counters tell the truth: hit rate 0.000. On
 * an external target, read the server-reported facts (extended.server_metrics, the server version
 * in extended.environment) before the scenario's settings, and assert on them
 * (assertThat(result).prefixCacheHitRate(), sample 10).
 *
 * Other things an external server does that a started one does not: it may be warm, or full of
 * other users' cached prefixes; it may be serving other traffic while you measure; and its
 * max_model_len is whatever it was started with, so stages mean nothing to it.
 *
 * With JUnit, the same run is:
 *
 *   mvn verify -Dharness.target=external -Dharness.external.unified=http://gpu-node:8000
 */
public final class HarnessSample_13_ExternalServers {
  private HarnessSample_13_ExternalServers() {}

  public static void main(String[] args) {
    try (Supervisor someoneElse = new Supervisor(TargetConfig.EMULATED_FAST)) {
      ScenarioSpec theirServer = spec("their-server", false);
      URI url =
          someoneElse
              .ensure(new DeploymentPlanner(TargetConfig.EMULATED_FAST).plan(theirServer))
              .target();
      System.out.println(
          "an emulator started outside the harness serves " + url + " (prefix cache off)");

      TargetConfig external =
          TargetConfig.fromProperties(
              Map.of("harness.target", "external", "harness.external.unified", url.toString()));
      try (Supervisor supervisor = new Supervisor(external);
          Runner runner = SampleRunners.runner("13")) {
        for (ScenarioSpec spec :
            new ScenarioSpec[] {spec("s13-a-cache-off", false), spec("s13-b-cache-on", true)}) {
          RunningDeployment servers = supervisor.ensure(new DeploymentPlanner(external).plan(spec));
          ScenarioResult result = runner.run(spec, servers.target()).result();
          System.out.printf(
              Locale.ROOT,
              "%-16s asked for prefix cache %-5s -> %s, %d processes started, TTFT p50 %.1f ms,"
                  + " server's prefix-cache hit rate %.3f%n",
              spec.id(),
              spec.server().prefixCache(),
              servers.target(),
              servers.processes().size(),
              result.metrics().ttft().summary().orElseThrow().p50(),
              result.context().serverMetrics().prefixCacheHitRate().orElse(Double.NaN));
        }
        System.out.println("deployments the external target started: " + supervisor.starts());
        if (supervisor.starts() != 0) {
          throw new IllegalStateException("the external target must never start a server");
        }
      }
    }
  }

  private static ScenarioSpec spec(String id, boolean prefixCache) {
    return Scenarios.resolve(
            ScenarioOptions.builder()
                .id(id)
                .promptTokens(8192)
                .maxTokens(8)
                .warmup(5)
                .iterations(15)
                .prefixCache(prefixCache)
                .build(),
            id,
            StageLadder.DEFAULT)
        .get(0);
  }

  /*
   * ============================== HOW TO RUN THIS SAMPLE: ==============================
   *
   * a) From the repository root, through the test that runs every main-style sample:
   *
   *      mvn -B -pl examples -am verify -Dit.test='SamplesMainIT#sample13*' \
   *          -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
   *          -Dfailsafe.failIfNoSpecifiedTests=false
   *
   *    Printout: examples/target/failsafe-reports/io.llmharness.samples.SamplesMainIT-output.txt
   *
   * b) From the IDE: run main() (working directory: the examples module).
   *
   * c) Against your own server: start it (vllm serve ..., or the emulator:
   *    java -cp <examples runtime classpath> io.llmharness.emulator.EmulatorMain serve
   *    Qwen/Qwen2.5-32B-Instruct --port 8000 --profile fast), then run the JUnit samples with
   *    -Dharness.target=external -Dharness.external.unified=http://127.0.0.1:8000.
   */
}
