package io.llmharness.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@code harness.target=slurm} through the extension: the scenario's server is a job on the real
 * cluster of {@code .ci/slurm-cluster.sh}, cancelled when the run ends.
 */
@EnabledIfEnvironmentVariable(
    named = "SLURM_CONF",
    matches = ".+",
    disabledReason = "SLURM_CONF is unset: no Slurm cluster; run .ci/slurm-cluster.sh up")
class SlurmTargetIT {
  @TempDir Path results;

  private final String jobName = "llmjunit-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void aScenarioRunWithTheSlurmTargetRunsItsServerAsAJobAndCancelsItAtTheEnd() throws IOException {
    EngineExecutionResults r =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(Fixtures.CachedOnlyCase.class))
            .configurationParameter("harness.target", "slurm")
            .configurationParameter("harness.slurm.server", "emulator")
            .configurationParameter("harness.slurm.jobName", jobName)
            .configurationParameter("harness.slurm.pollInterval", "0.3")
            .configurationParameter("harness.emulator.profile", "fast")
            .configurationParameter("harness.results.dir", results.toString())
            .configurationParameter("harness.logs.dir", results.resolve("logs").toString())
            .execute();

    r.testEvents().assertStatistics(s -> s.started(1).succeeded(1).failed(0));
    try (Stream<Path> jobLogs = Files.list(results.resolve("logs").resolve("slurm-jobs"))) {
      assertThat(jobLogs.toList())
          .singleElement()
          .satisfies(log -> assertThat(Files.readString(log)).contains("# llmharness: Slurm job"));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!ourJobs().isEmpty() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    assertThat(ourJobs()).as("jobs of this run still in squeue").isEmpty();
  }

  private List<String> ourJobs() {
    try {
      Process p = new ProcessBuilder("squeue", "-h", "-o", "%j").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
      return out.lines().filter(l -> l.startsWith(jobName)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
