package io.llmharness.server.slurm;

import io.llmharness.server.ServerProcess;
import java.util.Optional;

/** A server running as a Slurm batch job. Stopping it cancels the job ({@code scancel}). */
public interface SlurmServerProcess extends ServerProcess {
  /** The job id. */
  String jobId();

  /** The job's last known state. */
  SlurmJobStatus status();

  /** The node it was allocated, once it has one. */
  Optional<String> node();
}
