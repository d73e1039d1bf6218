package io.llmharness.server.slurm;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The Slurm operations the launcher needs. The command-line client ({@code sbatch}, {@code squeue},
 * {@code scontrol}, {@code scancel}, honouring {@code SLURM_CONF}) is the portable one; a
 * slurmrestd client can stand in behind the same interface.
 */
public interface SlurmClient {
  /**
   * Submits a batch job.
   *
   * @return the job id
   * @throws io.llmharness.server.LaunchException with Slurm's own message when it refuses the job
   *     (e.g. {@code Requested node configuration is not available} for more GPUs than a node has)
   */
  String submit(SlurmJobRequest request);

  /**
   * The current state of each job Slurm still knows, finished ones included; jobs it no longer
   * knows are absent.
   */
  Map<String, SlurmJobStatus> status(Collection<String> jobIds);

  /** One job in full (state, reason, node, exit code), if Slurm still knows it. */
  Optional<SlurmJobStatus> detail(String jobId);

  /** The address of a node ({@code NodeAddr}), as other machines reach it. */
  String nodeAddress(String node);

  /** Cancels jobs; jobs that already ended are ignored. */
  void cancel(Collection<String> jobIds);
}
