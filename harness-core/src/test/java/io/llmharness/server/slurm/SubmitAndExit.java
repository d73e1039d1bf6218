package io.llmharness.server.slurm;

import io.llmharness.server.JavaCommand;
import io.llmharness.server.ReadinessProbe;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Test fixture run in a child JVM: submits an emulator job named after the first argument, serving
 * the model of the second, waits until it answers, prints {@code ready <job id>} and exits without
 * stopping it; the JVM's exit must cancel the job.
 */
public final class SubmitAndExit {
  private SubmitAndExit() {}

  public static void main(String[] args) {
    SlurmLauncher slurm =
        new SlurmLauncher(
            SlurmSettings.fromProperties(
                Map.of("harness.slurm.jobName", args[0], "harness.slurm.pollInterval", "0.3")));
    SlurmServerProcess job =
        slurm.start(
            "abandoned",
            JavaCommand.forMain(JavaCommand.EMULATOR_MAIN)
                .withArgs(
                    List.of(
                        "serve",
                        args[1],
                        "--host",
                        "0.0.0.0",
                        "--port",
                        "8300",
                        "--profile",
                        "fast")),
            Path.of(args[2]));
    ReadinessProbe.await(
        job, URI.create("http://" + job.address().orElseThrow() + ":8300"), Duration.ofMinutes(2));
    System.out.println("ready " + job.jobId());
  }
}
