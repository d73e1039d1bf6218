package io.llmharness.server.slurm;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A job's state as Slurm reports it.
 *
 * @param jobId the job id
 * @param state {@code PENDING}, {@code RUNNING}, {@code COMPLETING}, {@code FAILED}, …
 * @param reason why it pends or why it ended ({@code Resources}, {@code NonZeroExitCode}, {@code
 *     None})
 * @param node the node it was allocated, empty while it pends
 * @param exitCode Slurm's {@code exit:signal} pair ({@code 127:0}), once known
 */
public record SlurmJobStatus(
    String jobId, String state, String reason, String node, Optional<String> exitCode) {

  private static final Set<String> WAITING = Set.of("PENDING", "CONFIGURING", "REQUEUED");
  private static final Set<String> ENDED =
      Set.of(
          "COMPLETING",
          "COMPLETED",
          "FAILED",
          "CANCELLED",
          "TIMEOUT",
          "NODE_FAIL",
          "PREEMPTED",
          "BOOT_FAIL",
          "DEADLINE",
          "OUT_OF_MEMORY",
          "SPECIAL_EXIT",
          "REVOKED");

  public SlurmJobStatus {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(exitCode, "exitCode");
  }

  /** A job that was just submitted and not yet seen by a status query. */
  public static SlurmJobStatus submitted(String jobId) {
    return new SlurmJobStatus(jobId, "PENDING", "None", "", Optional.empty());
  }

  /** A job Slurm no longer knows (its record was purged). */
  public static SlurmJobStatus unknown(String jobId) {
    return new SlurmJobStatus(jobId, "UNKNOWN", "no longer known to Slurm", "", Optional.empty());
  }

  /** Waiting for an allocation (or for its node to boot). */
  public boolean waiting() {
    return WAITING.contains(state);
  }

  /** Ended or ending: its processes are gone or being killed. */
  public boolean ended() {
    return ENDED.contains(state) || state.equals("UNKNOWN");
  }

  /** Ended and cleaned up: nothing of it runs any more. */
  public boolean gone() {
    return ended() && !state.equals("COMPLETING");
  }

  /** The exit status as a shell reports it: the code, or 128 + the signal. */
  public Optional<Integer> shellExitCode() {
    return exitCode.flatMap(
        pair -> {
          String[] parts = pair.split(":");
          try {
            int code = Integer.parseInt(parts[0]);
            int signal = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return Optional.of(signal > 0 ? 128 + signal : code);
          } catch (NumberFormatException e) {
            return Optional.empty();
          }
        });
  }
}
