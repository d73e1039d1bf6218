package io.llmharness.server.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmharness.scenario.Backend;
import io.llmharness.server.Deployment;
import io.llmharness.server.DeploymentPlanner;
import io.llmharness.server.JavaCommand;
import io.llmharness.server.LaunchException;
import io.llmharness.server.ReadinessProbe;
import io.llmharness.server.ServerCommand;
import io.llmharness.server.ServerProcess;
import io.llmharness.server.ServerSpec;
import io.llmharness.server.TargetConfig;
import io.llmharness.server.VllmCommandLine;
import io.llmharness.server.internal.LocalLauncher;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/** The Slurm launcher on its own against the real cluster of {@code .ci/slurm-cluster.sh}. */
@EnabledIfEnvironmentVariable(
    named = "SLURM_CONF",
    matches = ".+",
    disabledReason = SlurmCluster.NO_CLUSTER)
class SlurmLauncherIT {
  @TempDir Path dir;

  private SlurmJobs jobs;
  private final List<ServerProcess> started = new ArrayList<>();

  @BeforeEach
  void newJobs() {
    jobs = new SlurmJobs(dir);
  }

  @AfterEach
  void nothingSurvives() {
    started.forEach(p -> p.stop(Duration.ofSeconds(5)));
    jobs.awaitGone();
    assertThat(jobs.jobs()).as("this test's jobs in squeue").isEmpty();
    assertThat(jobs.serverProcesses()).as("this test's server processes").isEmpty();
  }

  private TargetConfig target(String... more) {
    return TargetConfig.fromProperties(jobs.config(more));
  }

  /** The emulator command the supervisor writes for a server of the slurm target. */
  private static ServerCommand emulator(ServerSpec server, TargetConfig target) {
    return JavaCommand.forMain(JavaCommand.EMULATOR_MAIN)
        .withArgs(VllmCommandLine.serveArgs(server, server.port(), target.vllm()))
        .withArgs(List.of("--profile", "fast"))
        .withEnv(VllmCommandLine.environment(server, server.sideChannelPort(), target.vllm()));
  }

  @Test
  void unpinnedPrefillAndDecodeJobsLandOnDistinctNodesWithTheSideChannelOnTheirOwnAddress() {
    TargetConfig target = target();
    Deployment d = new DeploymentPlanner(target).plan(jobs.spec(b -> b.backend(Backend.EFA)));
    SlurmLauncher slurm = new SlurmLauncher(target.slurm());
    List<String> addresses = new ArrayList<>();
    for (ServerSpec server : d.servers()) {
      ServerProcess p =
          slurm
              .on(server.node())
              .start(
                  server.describe(),
                  emulator(server, target),
                  dir.resolve(server.role().label() + ".log"));
      started.add(p);
    }
    for (int i = 0; i < started.size(); i++) {
      SlurmServerProcess p = (SlurmServerProcess) started.get(i);
      String address = p.address().orElseThrow();
      ReadinessProbe.await(
          p,
          URI.create("http://" + address + ":" + d.servers().get(i).port()),
          Duration.ofMinutes(2));
      Map<String, String> env = jobs.environmentOfJob(p.jobId());
      assertThat(env)
          .containsEntry("VLLM_NIXL_SIDE_CHANNEL_HOST", address)
          .containsEntry("CUDA_VISIBLE_DEVICES", "0");
      addresses.add(address);
    }

    assertThat(addresses).containsExactlyInAnyOrder(SlurmCluster.N1, SlurmCluster.N2);
  }

  @Test
  void aJobHeldByItsOptionsFailsAtOnceWithSlurmsReasonAndIsCancelled() {
    TargetConfig target = target("harness.slurm.sbatchArgs", "--hold");
    ServerSpec server = new DeploymentPlanner(target).plan(jobs.spec(b -> b)).servers().get(0);
    SlurmServerProcess p =
        new SlurmLauncher(target.slurm())
            .start("held", emulator(server, target), dir.resolve("held.log"));
    started.add(p);

    assertThatThrownBy(p::address)
        .isInstanceOf(LaunchException.class)
        .hasMessage(
            "held (Slurm job "
                + p.jobId()
                + ") cannot start: Slurm keeps it pending with reason JobHeldUser, which does not"
                + " clear by waiting, so it was cancelled; fix the request (harness.slurm.* options)"
                + " or the job's hold.");
    assertThat(p.status().state()).isEqualTo("CANCELLED");
  }

  @Test
  void aJobPendingLongerThanThePendingTimeoutIsCancelledWithSlurmsReason() {
    TargetConfig target =
        target(
            "harness.slurm.sbatchArgs", "--begin=now+1hour", "harness.slurm.pendingTimeout", "1");
    ServerSpec server = new DeploymentPlanner(target).plan(jobs.spec(b -> b)).servers().get(0);
    SlurmServerProcess p =
        new SlurmLauncher(target.slurm())
            .start("later", emulator(server, target), dir.resolve("later.log"));
    started.add(p);

    assertThatThrownBy(p::address)
        .isInstanceOf(LaunchException.class)
        .hasMessageContaining("was still pending after 1 s (Slurm's reason: BeginTime)")
        .hasMessageContaining("raise harness.slurm.pendingTimeout");
  }

  @Test
  void jobsStillRunningWhenTheJvmThatSubmittedThemExitsAreCancelled() throws Exception {
    Path childLog = dir.resolve("child.log");
    ServerProcess child =
        new LocalLauncher()
            .start(
                "submit-and-exit",
                JavaCommand.forMain(SubmitAndExit.class.getName())
                    .withArgs(
                        List.of(jobs.jobName, jobs.model, dir.resolve("abandoned.log").toString())),
                childLog);
    SlurmCluster.await(() -> !child.isAlive(), Duration.ofMinutes(2));

    assertThat(child.exitCode()).as("child log: %s", child.tailLog(40)).hasValue(0);
    assertThat(Files.readString(childLog)).containsPattern("ready \\d+");
    jobs.awaitGone();
    assertThat(jobs.jobs()).isEmpty();
    assertThat(jobs.serverProcesses()).isEmpty();
  }
}
