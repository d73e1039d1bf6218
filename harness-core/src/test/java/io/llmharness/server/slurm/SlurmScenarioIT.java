package io.llmharness.server.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmharness.client.InferenceClient;
import io.llmharness.client.MetricsSnapshot;
import io.llmharness.results.ProxyTiming;
import io.llmharness.results.RequestRecord;
import io.llmharness.runner.ProgressListener;
import io.llmharness.runner.Runner;
import io.llmharness.runner.ScenarioOutcome;
import io.llmharness.scenario.Backend;
import io.llmharness.scenario.ScenarioSpec;
import io.llmharness.server.DeploymentPlanner;
import io.llmharness.server.LaunchException;
import io.llmharness.server.RunningDeployment;
import io.llmharness.server.ServerDiedException;
import io.llmharness.server.ServerRole;
import io.llmharness.server.Supervisor;
import io.llmharness.server.TargetConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenarios on the slurm target against the real cluster of {@code .ci/slurm-cluster.sh}: emulator
 * servers submitted as jobs on n1 and n2 (each in its own network namespace), reached at their
 * nodes' addresses, through the same supervisor and runner as every other target.
 */
@EnabledIfEnvironmentVariable(
    named = "SLURM_CONF",
    matches = ".+",
    disabledReason = SlurmCluster.NO_CLUSTER)
class SlurmScenarioIT {
  @TempDir Path dir;

  private SlurmJobs jobs;

  @BeforeEach
  void newJobs() {
    jobs = new SlurmJobs(dir);
  }

  private SlurmJobs jobs() {
    return jobs;
  }

  private Runner runner(ProgressListener progress) throws IOException {
    return Runner.builder()
        .resultsDir(dir.resolve("results"))
        .runId("r")
        .progress(progress)
        .build();
  }

  @AfterEach
  void nothingSurvives() {
    jobs().awaitGone();
    assertThat(jobs().jobs()).as("this test's jobs in squeue").isEmpty();
    assertThat(jobs().serverProcesses()).as("this test's server processes").isEmpty();
  }

  @Test
  void aUnifiedScenarioRunsOnAPinnedJobReachedAtItsNodeAddress() throws IOException {
    TargetConfig target = TargetConfig.fromProperties(jobs().config("harness.slurm.nodes", "n2"));
    ScenarioSpec spec = jobs().spec(b -> b.tensorParallelSize(2).iterations(3));

    try (Supervisor supervisor = new Supervisor(target);
        Runner runner = runner(ProgressListener.NONE)) {
      RunningDeployment d = supervisor.ensure(new DeploymentPlanner(target).plan(spec));
      ScenarioOutcome outcome = runner.run(spec, d.target(), () -> supervisor.checkHealthy(d));
      SlurmServerProcess job = (SlurmServerProcess) d.processes().get(0);

      assertThat(d.target()).hasHost(SlurmCluster.N2).hasPort(8100);
      assertThat(job.node()).hasValue("n2");
      assertThat(outcome.resultFile()).exists();
      assertThat(outcome.result().errors().successful()).isEqualTo(3);
      assertThat(jobs().environmentOfJob(job.jobId())).containsEntry("CUDA_VISIBLE_DEVICES", "0,1");
    }
    SlurmCluster.await(() -> SlurmCluster.jobs().isEmpty(), Duration.ofSeconds(30));
    assertThat(SlurmCluster.jobs()).as("squeue after the run").isEmpty();
  }

  @Test
  void aDisaggregatedEfaScenarioRunsThroughALocalProxyWithTheKvCacheMovingBetweenNodes()
      throws IOException {
    TargetConfig target = TargetConfig.fromProperties(jobs().config());
    ScenarioSpec spec = jobs().spec(b -> b.backend(Backend.EFA).iterations(3));

    try (Supervisor supervisor = new Supervisor(target);
        Runner runner = runner(ProgressListener.NONE)) {
      RunningDeployment d = supervisor.ensure(new DeploymentPlanner(target).plan(spec));
      URI decode = d.servers().get(ServerRole.DECODE);
      MetricsSnapshot warmedUp; // the emulated deployment's warm-up requests came first
      MetricsSnapshot decodeMetrics;
      try (InferenceClient client = new InferenceClient(decode)) {
        warmedUp = client.metrics();
        ScenarioOutcome outcome = runner.run(spec, d.target(), () -> supervisor.checkHealthy(d));
        decodeMetrics = client.metrics();
        assertThat(outcome.resultFile()).exists();
        assertThat(outcome.result().errors().successful()).isEqualTo(3);
        assertThat(outcome.result().metrics().proxy()).containsKey(ProxyTiming.PREFILL);
      }

      assertThat(List.of(d.servers().get(ServerRole.PREFILL), decode))
          .extracting(URI::getHost)
          .containsExactlyInAnyOrder(SlurmCluster.N1, SlurmCluster.N2);
      assertThat(d.target()).hasHost("127.0.0.1");
      assertThat(
              decodeMetrics.sum("vllm:nixl_xfer_time_seconds_count").orElseThrow()
                  - warmedUp.sum("vllm:nixl_xfer_time_seconds_count").orElseThrow())
          .as("KV transfers of the scenario pulled from the prefill node's side channel")
          .isEqualTo(4.0);
      assertThat(decodeMetrics.sum("vllm:nixl_num_failed_transfers_total")).hasValue(0.0);
    }
    SlurmCluster.await(() -> SlurmCluster.jobs().isEmpty(), Duration.ofSeconds(30));
    assertThat(SlurmCluster.jobs()).as("squeue after the run").isEmpty();
  }

  @Test
  void aDisaggregatedTcpScenarioRunsThroughAProxyJob() throws IOException {
    TargetConfig target =
        TargetConfig.fromProperties(
            jobs().config("harness.slurm.proxy", "job", "harness.port.proxy", "8000"));
    ScenarioSpec spec = jobs().spec(b -> b.backend(Backend.TCP).iterations(3));

    try (Supervisor supervisor = new Supervisor(target);
        Runner runner = runner(ProgressListener.NONE)) {
      RunningDeployment d = supervisor.ensure(new DeploymentPlanner(target).plan(spec));
      ScenarioOutcome outcome = runner.run(spec, d.target(), () -> supervisor.checkHealthy(d));
      SlurmServerProcess proxy = (SlurmServerProcess) d.processes().get(2);

      assertThat(proxy.name()).startsWith("proxy@slurm-proxy");
      assertThat(d.target().getHost()).isIn(SlurmCluster.N1, SlurmCluster.N2);
      assertThat(proxy.tailLog(200))
          .anyMatch(
              l -> l.matches("# llmharness: Slurm job \\d+ on n\\d, CUDA_VISIBLE_DEVICES=unset"));
      assertThat(outcome.result().errors().successful()).isEqualTo(3);
    }
  }

  @Test
  void aMissingExecutableEndsTheJobAndTheLaunchWithItsStateReasonAndLog() {
    Path missing = dir.resolve("no-such-vllm");
    TargetConfig target =
        TargetConfig.fromProperties(
            jobs()
                .config(
                    "harness.slurm.server", "vllm", "harness.vllm.executable", missing.toString()));

    try (Supervisor supervisor = new Supervisor(target)) {
      assertThatThrownBy(
              () -> supervisor.ensure(new DeploymentPlanner(target).plan(jobs().spec(b -> b))))
          .isInstanceOf(LaunchException.class)
          .hasMessageMatching(
              "(?s)unified@slurm1:8100 \\(Slurm job \\d+\\) ended FAILED on n\\d .*")
          .hasMessageContaining(
              "(reason NonZeroExitCode, exit code 127:0: the command was not found on the node)"
                  + " before it was ready")
          .hasMessageContaining(missing + ": No such file or directory");
    }
  }

  @Test
  void aJobCancelledMidScenarioFailsItWithTheJobStateAndTheNextGetsAFreshDeployment()
      throws IOException {
    TargetConfig target = TargetConfig.fromProperties(jobs().config());
    ScenarioSpec spec = jobs().spec(b -> b.iterations(20));
    var deployment = new DeploymentPlanner(target).plan(spec);

    try (Supervisor supervisor = new Supervisor(target)) {
      RunningDeployment d = supervisor.ensure(deployment);
      String jobId = ((SlurmServerProcess) d.processes().get(0)).jobId();
      AtomicBoolean cancelled = new AtomicBoolean();
      ProgressListener cancelAfterFirstRequest =
          new ProgressListener() {
            @Override
            public void requestFinished(ScenarioSpec s, RequestRecord record) {
              if (cancelled.compareAndSet(false, true)) {
                SlurmCluster.cancel(jobId);
              }
            }
          };
      try (Runner runner = runner(cancelAfterFirstRequest)) {
        assertThatThrownBy(() -> runner.run(spec, d.target(), () -> supervisor.checkHealthy(d)))
            .isInstanceOf(ServerDiedException.class)
            .hasMessageContaining("(Slurm job " + jobId + ") ended CANCELLED")
            .hasMessageContaining("during the scenario; the last lines of");
        assertThat(runner.store().resultFile(spec.id())).doesNotExist();
      }
      RunningDeployment fresh = supervisor.ensure(deployment);
      assertThat(((SlurmServerProcess) fresh.processes().get(0)).jobId()).isNotEqualTo(jobId);
      assertThat(supervisor.starts()).isEqualTo(2);
    }
  }

  @Test
  void aGpuRequestNoNodeCanSatisfyFailsAtOnceWithSlurmsReason() {
    TargetConfig target = TargetConfig.fromProperties(jobs().config());
    var deployment = new DeploymentPlanner(target).plan(jobs().spec(b -> b.tensorParallelSize(3)));

    try (Supervisor supervisor = new Supervisor(target)) {
      assertThatThrownBy(() -> supervisor.ensure(deployment))
          .isInstanceOf(LaunchException.class)
          .hasMessageStartingWith(
              "Slurm refused the job "
                  + jobs().jobName
                  + "-unified-slurm1-8100: Requested node configuration is not available")
          .hasMessageContaining("--gres=gpu:3");
    }
  }
}
