package io.llmharness.server.slurm;

import io.llmharness.scenario.ScenarioOptions;
import io.llmharness.scenario.ScenarioSpec;
import io.llmharness.scenario.Scenarios;
import io.llmharness.scenario.StageLadder;
import io.llmharness.server.LiveProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Test support: the configuration of one test's Slurm jobs (emulator servers, a job name and a
 * model name unique to the test, so that its jobs and processes can be found), and what a server
 * process sees.
 */
final class SlurmJobs {
  final String model = "slurm-it-" + UUID.randomUUID();
  final String jobName = "llmit-" + model.substring(model.length() - 8);
  private final Path dir;

  SlurmJobs(Path dir) {
    this.dir = dir;
  }

  /** The slurm target with emulator servers, fast polling, and {@code more} key/value pairs. */
  Map<String, String> config(String... more) {
    Map<String, String> c = new HashMap<>();
    c.put("harness.target", "slurm");
    c.put("harness.slurm.server", "emulator");
    c.put("harness.slurm.jobName", jobName);
    c.put("harness.slurm.pollInterval", "0.3");
    c.put("harness.slurm.pendingTimeout", "60");
    c.put("harness.startupTimeout", "120");
    c.put("harness.port.proxy", "0");
    c.put("harness.logs.dir", dir.resolve("logs").toString());
    for (int i = 0; i < more.length; i += 2) {
      c.put(more[i], more[i + 1]);
    }
    return c;
  }

  /** A small scenario on this test's model. */
  ScenarioSpec spec(UnaryOperator<ScenarioOptions.Builder> options) {
    ScenarioOptions.Builder b =
        ScenarioOptions.builder().model(model).promptTokens(200).maxTokens(5).warmup(1);
    return Scenarios.resolve(options.apply(b).build(), "slurm", StageLadder.DEFAULT).get(0);
  }

  /** The live processes of this test's servers. */
  List<Long> serverProcesses() {
    return LiveProcesses.withCommandLineContaining(model);
  }

  /** This test's jobs that Slurm still lists. */
  List<String> jobs() {
    return SlurmCluster.jobsNamed(jobName);
  }

  /** Waits until no job and no server process of this test is left. */
  void awaitGone() {
    SlurmCluster.await(
        () -> jobs().isEmpty() && serverProcesses().isEmpty(), Duration.ofSeconds(30));
  }

  /** The environment of the server process of a job, read from {@code /proc/<pid>/environ}. */
  Map<String, String> environmentOfJob(String jobId) {
    for (long pid : serverProcesses()) {
      Map<String, String> env = environment(pid);
      if (jobId.equals(env.get("SLURM_JOB_ID"))) {
        return env;
      }
    }
    throw new AssertionError("no server process of Slurm job " + jobId);
  }

  private static Map<String, String> environment(long pid) {
    try {
      String raw =
          new String(
              Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")),
              StandardCharsets.UTF_8);
      Map<String, String> env = new HashMap<>();
      Arrays.stream(raw.split("\0"))
          .map(kv -> kv.split("=", 2))
          .filter(kv -> kv.length == 2)
          .forEach(kv -> env.put(kv[0], kv[1]));
      return env;
    } catch (IOException e) {
      return Map.of();
    }
  }

  static Optional<String> lineContaining(List<String> lines, String text) {
    return lines.stream().filter(l -> l.contains(text)).findFirst();
  }
}
