package io.llmharness.samples;

import io.llmharness.results.RequestLog;
import io.llmharness.results.ScenarioResult;
import io.llmharness.runner.ConsoleProgress;
import io.llmharness.runner.Runner;
import io.llmharness.runner.ScenarioOutcome;
import io.llmharness.scenario.ScenarioOptions;
import io.llmharness.scenario.ScenarioSpec;
import io.llmharness.scenario.Scenarios;
import io.llmharness.scenario.StageLadder;
import io.llmharness.server.DeploymentPlanner;
import io.llmharness.server.RunningDeployment;
import io.llmharness.server.Supervisor;
import io.llmharness.server.TargetConfig;
import io.llmharness.stats.Summary;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/*
 * Everything the JUnit samples do, without JUnit: harness-core is a library, and its runner is
 * usable from any main, script or service. The pieces, in the order they are used:
 *
 *   ScenarioOptions.builder()  one layer of options (sample 06); fromProperties(...) reads
 *                              harness.* keys, here the -D system properties, as the top layer.
 *   Scenarios.resolve          options to validated ScenarioSpecs: defaults filled, matrix expanded,
 *                              stage derived, every rule checked.
 *   TargetConfig               where servers run and how they start (emulated, local, ssh,
 *                              external, slurm), from harness.* keys.
 *   DeploymentPlanner          spec to Deployment: what must run for it.
 *   Supervisor                 validate(deployments) checks, before anything starts, that every
 *                              node is reachable, has the executable and has the ports free;
 *                              ensure(deployment) reuses the running deployment when equal and
 *                              healthy, else stops it and starts the new one; close() stops
 *                              everything it started.
 *   Runner                     run(spec, url) measures and records: <results>/<run id>/<id>.json
 *                              and <id>.requests.jsonl. The third argument, a server check run
 *                              after the last request, keeps a scenario whose server died from
 *                              being written as finished.
 *
 * There is no orderer here: the order of the list is the order of the run, so group specs by
 * deployment yourself. The two below share one server (one start). And ask runner.completed(spec)
 * before starting a server for a spec: a finished one needs none.
 *
 * What it printed (emulator profile `fast`, a 2-core AMD EPYC VM, Java 17; paths shortened):
 *
 *   s14-p1024: 10/10 ok, TTFT p50 3.8 ms, TPOT p50 1.21 ms -> target/harness-results/<run id>/s14-p1024.json
 *     15 requests in target/harness-results/<run id>/s14-p1024.requests.jsonl
 *   s14-p4096: 10/10 ok, TTFT p50 10.5 ms, TPOT p50 1.22 ms -> target/harness-results/<run id>/s14-p4096.json
 *     15 requests in target/harness-results/<run id>/s14-p4096.requests.jsonl
 *   [harness] s14-p1024: skipped, complete in run <run id>
 *   s14-p1024 (resumed, not measured again): 10/10 ok, TTFT p50 3.8 ms, TPOT p50 1.21 ms -> target/harness-results/<run id>/s14-p1024.json
 *   deployments started: 1
 *
 * The request log has 15 lines for 5 warmup and 10 measured requests: every request, with its raw
 * nanosecond timestamps, appended and forced to disk as it finished, so every metric can be
 * recomputed, and a killed run loses at most the requests in flight.
 *
 * Resume. Running a scenario again under the same run id re-reads its result instead of measuring
 * (the last line: same numbers, "resumed"), as long as the spec hash matches and no request failed;
 * a scenario interrupted half-way is measured again, its partial log set aside as
 * .requests.jsonl.partial-<n>. This makes long suites restartable, and it is also the trap: the
 * spec hash covers the scenario, not the server build, the driver, or the machine. Rerun a suite
 * after upgrading vLLM under the same run id, and every unchanged scenario reports the old
 * numbers. Give every measurement campaign its own run id (this main takes harness.run.id, or a
 * timestamp; the Maven build of this module sets one per build).
 */
public final class HarnessSample_14_ProgrammaticRunner {
  private HarnessSample_14_ProgrammaticRunner() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> config = new HashMap<>(Map.of("harness.emulator.profile", "fast"));
    System.getProperties().stringPropertyNames().stream()
        .filter(k -> k.startsWith("harness."))
        .forEach(k -> config.put(k, System.getProperty(k)));
    TargetConfig target = TargetConfig.fromProperties(config);

    List<ScenarioSpec> specs =
        Scenarios.resolve(
            ScenarioOptions.builder()
                .id("s14-p{promptTokens}")
                .promptTokens(1024, 4096)
                .maxTokens(16)
                .warmup(5)
                .iterations(10)
                .prefixCache(false)
                .label("sample", "14")
                .build()
                .overriddenBy(ScenarioOptions.fromProperties(config)),
            "s14",
            StageLadder.DEFAULT);

    String runId =
        config.getOrDefault(
            "harness.run.id",
            "sample-14-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Path resultsDir = Path.of(config.getOrDefault("harness.results.dir", "target/harness-results"));
    DeploymentPlanner planner = new DeploymentPlanner(target);
    try (Supervisor supervisor = new Supervisor(target);
        Runner runner =
            Runner.builder()
                .resultsDir(resultsDir)
                .runId(runId)
                .progress(ConsoleProgress.plain(System.out))
                .build()) {
      supervisor.validate(specs.stream().map(planner::plan).distinct().toList());
      for (ScenarioSpec spec : specs) {
        // A spec this run id already finished needs no server: ask the runner first.
        ScenarioOutcome outcome =
            runner
                .completed(spec)
                .orElseGet(
                    () -> {
                      RunningDeployment servers = supervisor.ensure(planner.plan(spec));
                      return runner.run(
                          spec, servers.target(), () -> supervisor.checkHealthy(servers));
                    });
        print(outcome);
        RequestLog log = runner.store().requests(spec.id());
        System.out.printf(
            Locale.ROOT,
            "  %d requests in %s%n",
            log.records().size(),
            runner.store().requestLogFile(spec.id()));
      }

      ScenarioOutcome again =
          runner
              .completed(specs.get(0))
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "a finished scenario should be resumed, not measured again"));
      print(again);
      System.out.println("deployments started: " + supervisor.starts());
    }
  }

  private static void print(ScenarioOutcome outcome) {
    ScenarioResult r = outcome.result();
    Summary ttft = r.metrics().ttft().summary().orElseThrow();
    Summary tpot = r.metrics().tpot().summary().orElseThrow();
    System.out.printf(
        Locale.ROOT,
        "%s%s: %d/%d ok, TTFT p50 %.1f ms, TPOT p50 %.2f ms -> %s%n",
        r.scenarioId(),
        outcome.skipped() ? " (resumed, not measured again)" : "",
        r.errors().successful(),
        r.errors().measured(),
        ttft.p50(),
        tpot.p50(),
        outcome.resultFile());
  }

  /*
   * ============================== HOW TO RUN THIS SAMPLE: ==============================
   *
   * a) From the repository root, through the test that runs every main-style sample:
   *
   *      mvn -B -pl examples -am verify -Dit.test='SamplesMainIT#sample14*' \
   *          -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
   *          -Dfailsafe.failIfNoSpecifiedTests=false
   *
   *    Printout: examples/target/failsafe-reports/io.llmharness.samples.SamplesMainIT-output.txt
   *
   * b) From the IDE: run main() (working directory: the examples module). Run it twice with
   *    -Dharness.run.id=mine: the second run starts no server, measures nothing and prints the
   *    same numbers. Add -Dharness.promptTokens=2048 (a -D layer replacing the matrix): a new spec,
   *    measured.
   */
}
