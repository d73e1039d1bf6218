package io.llmharness.server.internal.slurm;

import io.llmharness.server.LaunchException;
import io.llmharness.server.Node;
import io.llmharness.server.ServerCommand;
import io.llmharness.server.internal.LogFiles;
import io.llmharness.server.slurm.SlurmClient;
import io.llmharness.server.slurm.SlurmJobRequest;
import io.llmharness.server.slurm.SlurmServerProcess;
import io.llmharness.server.slurm.SlurmSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Submits server jobs and keeps track of them: one batch job per server, GPUs from its tensor
 * parallel size, pinned with {@code --nodelist} when its slot is pinned, else kept off the nodes of
 * the other slots' live GPU jobs with {@code --exclude}, so that prefill and decode never share a
 * node.
 */
public final class JobSubmitter {
  private final SlurmSettings settings;
  private final SlurmClient client;
  private final JobMonitor monitor;

  public JobSubmitter(SlurmSettings settings, SlurmClient client) {
    this.settings = settings;
    this.client = client;
    this.monitor = new JobMonitor(client, settings.pollInterval());
  }

  /** The jobs submitted here that have not ended or been stopped. */
  public List<SlurmServerProcess> liveJobs() {
    return List.copyOf(monitor.jobs());
  }

  /**
   * Submits {@code command} as a job for {@code slot} (empty: anywhere).
   *
   * @throws LaunchException with Slurm's reason when it refuses the job
   */
  public SlurmServerProcess submit(
      String name, ServerCommand command, Path log, Optional<Node> slot) {
    int gpus = GpuCount.of(command, settings.gpusPerServer());
    Optional<String> pin = slot.flatMap(settings::pinFor);
    List<String> exclude = pin.isPresent() || gpus == 0 ? List.of() : nodesOfOtherSlots(slot);
    String jobName = settings.jobName() + "-" + name.replaceAll("[^A-Za-z0-9._-]+", "-");
    String output = outputPattern(log);
    SlurmJobRequest request =
        new SlurmJobRequest(
            jobName,
            JobScript.render(command),
            output,
            gpus,
            settings.partition(),
            settings.account(),
            settings.timeLimit(),
            settings.constraint(),
            pin,
            exclude,
            settings.sbatchArgs());
    LogFiles.appendLine(log, "# " + command.render());
    String id = client.submit(request);
    LogFiles.appendLine(
        log,
        JobScript.MARK
            + " submitted Slurm job "
            + id
            + ": sbatch "
            + String.join(" ", request.sbatchOptions()));
    SlurmJob job =
        new SlurmJob(
            name,
            id,
            slot,
            gpus,
            pin,
            log,
            Path.of(request.output().replace("%j", id)),
            client,
            monitor,
            settings.pendingTimeout());
    SlurmReaper.register(id, client);
    monitor.watch(job);
    return job;
  }

  /**
   * The nodes of the live GPU jobs of other slots: their pinned node, or the node they are
   * allocated (waiting for their allocation first).
   */
  private List<String> nodesOfOtherSlots(Optional<Node> slot) {
    if (slot.isEmpty()) {
      return List.of();
    }
    Set<String> nodes = new LinkedHashSet<>();
    for (SlurmJob other : monitor.jobs()) {
      if (other.slot().isPresent() && !other.slot().equals(slot) && other.gpus() > 0) {
        nodes.add(other.pin().orElseGet(other::awaitNode));
      }
    }
    return new ArrayList<>(nodes);
  }

  /** The job's output file, {@code %j} standing for the job id. */
  private String outputPattern(Path log) {
    Path dir =
        settings
            .jobLogDir()
            .orElse(log.toAbsolutePath().getParent().resolve("slurm-jobs"))
            .toAbsolutePath();
    String file = log.getFileName().toString().replaceFirst("\\.log$", "") + "-%j.out";
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new LaunchException(
          "cannot create the job log directory "
              + dir
              + ": "
              + e.getMessage()
              + "; set harness.slurm.jobLogDir to a directory the nodes and this host share.",
          e);
    }
    return dir.resolve(file).toString();
  }
}
