package io.llmharness.server.slurm;

import io.llmharness.server.Launcher;
import io.llmharness.server.Node;
import io.llmharness.server.ServerCommand;
import io.llmharness.server.internal.slurm.CliSlurmClient;
import io.llmharness.server.internal.slurm.JobSubmitter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Starts servers as Slurm batch jobs, one job per server ({@code sbatch --parsable}, {@code
 * --gres=gpu:<tensor parallel size>}, the configured partition, account, time limit, constraint and
 * extra options). A started job is a {@link SlurmServerProcess}: its {@link
 * SlurmServerProcess#address() address} waits for the allocation and resolves the node's {@code
 * NodeAddr}, failing at once, with Slurm's reason, when the job ends or pends for a reason that
 * cannot clear. Job logs are copied back to the local log while the job runs. Stopping a server
 * cancels its job and waits until the job is gone; jobs still live when the JVM exits are cancelled
 * then.
 *
 * <pre>{@code
 * SlurmLauncher slurm = new SlurmLauncher(SlurmSettings.fromProperties(config));
 * SlurmServerProcess server = slurm.start("unified", command, Path.of("unified.log"));
 * URI url = URI.create("http://" + server.address().orElseThrow() + ":8100");
 * ...
 * server.stop(Duration.ofSeconds(15));   // scancel
 * }</pre>
 *
 * <p>The supervisor uses {@link #on(Node)} with the two slots of {@link SlurmSettings#slots()}, so
 * that decode and prefill servers land on distinct nodes.
 */
public final class SlurmLauncher implements Launcher, AutoCloseable {
  private final JobSubmitter submitter;

  /** A launcher that uses Slurm's commands. */
  public SlurmLauncher(SlurmSettings settings) {
    this(settings, new CliSlurmClient(settings));
  }

  /** A launcher that talks to Slurm through {@code client} (the commands, or slurmrestd). */
  public SlurmLauncher(SlurmSettings settings, SlurmClient client) {
    this.submitter = new JobSubmitter(settings, client);
  }

  /**
   * A launcher for the servers of one slot: pinned to the slot's node when it is pinned ({@code
   * harness.slurm.nodes}), else kept off the nodes where the other slots' GPU servers run.
   */
  public Launcher on(Node slot) {
    return (name, command, log) -> submitter.submit(name, command, log, Optional.of(slot));
  }

  /** Submits a job for {@code command} wherever Slurm puts it. */
  @Override
  public SlurmServerProcess start(String name, ServerCommand command, Path log) {
    return submitter.submit(name, command, log, Optional.empty());
  }

  /** The jobs started here that are still pending or running. */
  public List<SlurmServerProcess> liveJobs() {
    return submitter.liveJobs();
  }

  /** Cancels every job started here that still runs. */
  @Override
  public void close() {
    liveJobs().forEach(j -> j.stop(Duration.ofSeconds(10)));
  }
}
