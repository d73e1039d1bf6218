package io.llmharness.samples;

import io.llmharness.results.ProxyTiming;
import io.llmharness.results.ScenarioResult;
import io.llmharness.runner.ConsoleProgress;
import io.llmharness.runner.Runner;
import io.llmharness.runner.ScenarioOutcome;
import io.llmharness.scenario.Backend;
import io.llmharness.scenario.ScenarioOptions;
import io.llmharness.scenario.ScenarioSpec;
import io.llmharness.scenario.Scenarios;
import io.llmharness.scenario.StageLadder;
import io.llmharness.server.DeploymentPlanner;
import io.llmharness.server.RunningDeployment;
import io.llmharness.server.ServerRole;
import io.llmharness.server.Supervisor;
import io.llmharness.server.TargetConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/*
 * The study's servers as Slurm jobs. Two hand-picked SSH nodes are where users start; GPU clusters
 * (ParallelCluster, HyperPod, university HPC) hand out nodes through Slurm. With
 * harness.target=slurm nothing else changes: the same deployment model, the same supervisor, the
 * same vllm serve command lines, now each server a job of its own.
 *
 * What to know before the first run:
 *
 *   One job per server, --gres=gpu:<tensor parallel size>. A unified deployment is one job; a
 *   disaggregated one is a prefill job and a decode job (on distinct nodes: pinned with
 *   harness.slurm.nodes, or kept apart with --exclude) and the proxy, here on this host.
 *
 *   The address is known only after allocation. The harness cannot put the node's address on the
 *   command line when it submits, so servers bind 0.0.0.0, the job script sets
 *   VLLM_NIXL_SIDE_CHANNEL_HOST to the node's own address when the job starts (the decode server
 *   pulls KV blocks from there), and the supervisor reads NodeAddr from scontrol to reach each
 *   server. A server reached at 127.0.0.1 would be the wrong machine.
 *
 *   Pending is not running. A job can wait for its allocation; a reason that cannot clear (more
 *   GPUs than any node has, a held job, a partition limit) fails the launch at once with Slurm's
 *   reason, any other wait ends at harness.slurm.pendingTimeout. Every job is scancel'led when its
 *   deployment stops, after a failure, and on JVM exit: nothing keeps holding GPUs after the run.
 *
 * This main runs one disaggregated EFA scenario with harness.slurm.server=emulator (the jobs run
 * the emulator, so it works on the repository's CPU-only Slurm cluster: .ci/slurm-cluster.sh up).
 * Without SLURM_CONF it says so and returns. What it printed (the two-node cluster of
 * .ci/slurm-cluster.sh, emulator profile fast, a 2-core VM under load ~10, Java 17):
 *
 *   prefill job at http://198.18.0.11:8100, decode job at http://198.18.0.12:8200, proxy at http://127.0.0.1:<port>
 *   s15-efa: 6/6 ok, TTFT p50 52.0 ms (proxy prefill 22.9 ms), TPOT p50 1.33 ms
 *   KV bytes pulled by the decode job: 50331648
 *   deployment starts: 1
 *
 * The KV line is the point: the decode job's own /metrics (vllm:nixl_bytes_transferred, labelled
 * role="decode" in the result) show the cache crossing from n1 to n2. Its absence would mean the
 * decode server recomputed the prompt (a wrong side-channel host fails silently in vLLM when
 * kv_load_failure_policy is recompute).
 */
public final class HarnessSample_15_Slurm {
  private HarnessSample_15_Slurm() {}

  public static void main(String[] args) {
    String slurmConf = System.getenv("SLURM_CONF");
    if (slurmConf == null && System.getProperty("harness.slurm.conf") == null) {
      System.out.println(
          "sample 15 skipped: no Slurm cluster (set SLURM_CONF, e.g. after"
              + " `bash .ci/slurm-cluster.sh up && . /tmp/llmharness-slurm-ci/env`)");
      return;
    }
    Map<String, String> config = new HashMap<>();
    config.put("harness.target", "slurm");
    config.put("harness.slurm.server", "emulator");
    config.put("harness.emulator.profile", "fast");
    System.getProperties().stringPropertyNames().stream()
        .filter(k -> k.startsWith("harness."))
        .forEach(k -> config.put(k, System.getProperty(k)));
    TargetConfig target = TargetConfig.fromProperties(config);
    ScenarioSpec spec =
        Scenarios.resolve(
                ScenarioOptions.builder()
                    .id("s15-efa")
                    .backend(Backend.EFA)
                    .promptTokens(4096)
                    .maxTokens(16)
                    .warmup(2)
                    .iterations(6)
                    .label("sample", "15")
                    .build(),
                "s15",
                StageLadder.DEFAULT)
            .get(0);
    String runId =
        config.getOrDefault(
            "harness.run.id",
            "sample-15-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    try (Supervisor supervisor = new Supervisor(target);
        Runner runner =
            Runner.builder()
                .resultsDir(
                    Path.of(config.getOrDefault("harness.results.dir", "target/harness-results")))
                .runId(runId)
                .progress(ConsoleProgress.plain(System.out))
                .build()) {
      RunningDeployment jobs = supervisor.ensure(new DeploymentPlanner(target).plan(spec));
      System.out.printf(
          Locale.ROOT,
          "prefill job at %s, decode job at %s, proxy at %s%n",
          jobs.servers().get(ServerRole.PREFILL),
          jobs.servers().get(ServerRole.DECODE),
          jobs.target());
      Map<String, URI> servers = new LinkedHashMap<>();
      jobs.servers().forEach((role, url) -> servers.put(role.label(), url));
      ScenarioOutcome outcome =
          runner.run(spec, jobs.target(), servers, () -> supervisor.checkHealthy(jobs));
      ScenarioResult r = outcome.result();
      double pulled =
          r.context().serverMetrics().deltas().entrySet().stream()
              .filter(e -> e.getKey().startsWith("vllm:nixl_bytes_transferred_sum{role=\"decode\""))
              .mapToDouble(Map.Entry::getValue)
              .sum();
      System.out.printf(
          Locale.ROOT,
          "%s: %d/%d ok, TTFT p50 %.1f ms (proxy prefill %.1f ms), TPOT p50 %.2f ms%n",
          r.scenarioId(),
          r.errors().successful(),
          r.errors().measured(),
          r.metrics().ttft().summary().orElseThrow().p50(),
          r.metrics().proxy().get(ProxyTiming.PREFILL).summary().orElseThrow().p50(),
          r.metrics().tpot().summary().orElseThrow().p50());
      System.out.printf(Locale.ROOT, "KV bytes pulled by the decode job: %.0f%n", pulled);
      System.out.println("deployment starts: " + supervisor.starts());
      if (r.errors().failed() > 0 || pulled <= 0) {
        throw new IllegalStateException(
            "the scenario should succeed with the KV cache pulled across the nodes");
      }
    }
  }

  /*
   * ============================== HOW TO RUN THIS SAMPLE: ==============================
   *
   * a) A CPU-only two-node Slurm cluster on this machine (root; Debian's packages):
   *
   *      bash .ci/slurm-cluster.sh up && . /tmp/llmharness-slurm-ci/env
   *      mvn -B -pl examples -am verify -Dit.test='SamplesMainIT#sample15*' \
   *          -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
   *          -Dfailsafe.failIfNoSpecifiedTests=false
   *      bash .ci/slurm-cluster.sh down
   *
   * b) On a GPU cluster, the study itself: mvn -B verify -Pphase15 -Dharness.target=slurm
   *    -Dharness.slurm.partition=gpu -Dharness.slurm.time=2:00:00 [-Dharness.slurm.nodes=g1,g2]
   */
}
