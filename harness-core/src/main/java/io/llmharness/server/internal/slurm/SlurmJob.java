package io.llmharness.server.internal.slurm;

import io.llmharness.server.LaunchException;
import io.llmharness.server.Node;
import io.llmharness.server.internal.LogFiles;
import io.llmharness.server.slurm.SlurmClient;
import io.llmharness.server.slurm.SlurmJobStatus;
import io.llmharness.server.slurm.SlurmServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.locks.LockSupport;

/** A server running as a Slurm batch job, watched by its launcher's {@link JobMonitor}. */
final class SlurmJob implements SlurmServerProcess {
  /** How long a cancelled job may take to end beyond the stop grace (Slurm's KillWait and more). */
  private static final Duration CANCEL_SLACK = Duration.ofSeconds(60);

  private final String name;
  private final String jobId;
  private final Optional<Node> slot;
  private final int gpus;
  private final Optional<String> pin;
  private final Path log;
  private final LogCopier copier;
  private final SlurmClient client;
  private final JobMonitor monitor;
  private final Duration pendingTimeout;
  private volatile SlurmJobStatus status;
  private volatile SlurmJobStatus end;
  private volatile String address;
  private boolean stopped;
  private boolean finished;

  SlurmJob(
      String name,
      String jobId,
      Optional<Node> slot,
      int gpus,
      Optional<String> pin,
      Path log,
      Path output,
      SlurmClient client,
      JobMonitor monitor,
      Duration pendingTimeout) {
    this.name = name;
    this.jobId = jobId;
    this.slot = slot;
    this.gpus = gpus;
    this.pin = pin;
    this.log = log;
    this.copier = new LogCopier(output, log);
    this.client = client;
    this.monitor = monitor;
    this.pendingTimeout = pendingTimeout;
    this.status = SlurmJobStatus.submitted(jobId);
  }

  Optional<Node> slot() {
    return slot;
  }

  int gpus() {
    return gpus;
  }

  Optional<String> pin() {
    return pin;
  }

  @Override
  public String jobId() {
    return jobId;
  }

  @Override
  public String name() {
    return name + " (Slurm job " + jobId + ")";
  }

  @Override
  public SlurmJobStatus status() {
    SlurmJobStatus e = end;
    return e != null ? e : status;
  }

  @Override
  public Optional<String> node() {
    String n = status().node();
    return n.isEmpty() ? Optional.empty() : Optional.of(n);
  }

  @Override
  public boolean isAlive() {
    refreshQuietly();
    return end == null;
  }

  @Override
  public OptionalInt exitCode() {
    SlurmJobStatus e = end;
    if (e == null) {
      return OptionalInt.empty();
    }
    return e.shellExitCode().map(OptionalInt::of).orElse(OptionalInt.of(-1));
  }

  @Override
  public String exitDescription() {
    awaitFinalState();
    SlurmJobStatus e = end;
    return e == null ? "is still " + status.state() : describe(e);
  }

  private static String describe(SlurmJobStatus e) {
    StringBuilder s = new StringBuilder("ended ").append(e.state());
    if (!e.node().isEmpty()) {
      s.append(" on ").append(e.node());
    }
    s.append(" (reason ").append(e.reason());
    e.exitCode().ifPresent(c -> s.append(", exit code ").append(c));
    if (e.shellExitCode().filter(c -> c == 127).isPresent()) {
      s.append(": the command was not found on the node");
    }
    return s.append(')').toString();
  }

  /**
   * While Slurm still kills an ended job (COMPLETING), its final state (CANCELLED, FAILED, …) is
   * not yet known: waits for it, as long as Slurm's kill may take.
   */
  private void awaitFinalState() {
    long deadline = System.nanoTime() + CANCEL_SLACK.toNanos();
    while (end != null && end.state().equals("COMPLETING") && System.nanoTime() < deadline) {
      LockSupport.parkNanos(monitor.interval().toNanos() / 4);
      end = detailOr(end);
    }
    if (end != null && !end.state().equals("COMPLETING")) {
      finish();
    }
  }

  @Override
  public Path log() {
    return log;
  }

  @Override
  public List<String> tailLog(int lines) {
    copier.drain();
    return LogFiles.tail(log, lines);
  }

  /**
   * Waits for the job's allocation and returns its node's address.
   *
   * @throws LaunchException when the job ended, pends for a reason that cannot clear, or pends
   *     longer than the pending timeout (then it is cancelled)
   */
  @Override
  public Optional<String> address() {
    if (address == null) {
      address = client.nodeAddress(awaitNode());
    }
    return Optional.of(address);
  }

  /** Waits until the job runs on a node, and returns the node's name. */
  String awaitNode() {
    long deadline = System.nanoTime() + pendingTimeout.toNanos();
    RuntimeException lastError = null;
    while (true) {
      try {
        monitor.refresh(false);
        lastError = null;
      } catch (RuntimeException e) {
        lastError = e; // a busy controller times out now and then: keep waiting
      }
      SlurmJobStatus s = status;
      if (end != null) {
        throw new LaunchException(
            name() + " " + exitDescription() + " before it was ready; " + logTail());
      }
      if (!s.waiting() && !s.node().isEmpty()) {
        return s.node();
      }
      if (s.waiting() && PendingReasons.neverClears(s.reason())) {
        stop(Duration.ZERO);
        throw new LaunchException(
            name()
                + " cannot start: Slurm keeps it pending with reason "
                + s.reason()
                + ", which does not clear by waiting, so it was cancelled; fix the request"
                + " (harness.slurm.* options) or the job's hold.");
      }
      if (System.nanoTime() > deadline) {
        stop(Duration.ZERO);
        throw new LaunchException(
            name()
                + " was still pending after "
                + pendingTimeout.toSeconds()
                + " s (Slurm's reason: "
                + s.reason()
                + (lastError == null
                    ? ""
                    : "; last error reading its state: " + lastError.getMessage())
                + "), so it was cancelled; rerun when nodes are free or raise"
                + " harness.slurm.pendingTimeout.");
      }
      LockSupport.parkNanos(monitor.interval().toNanos() / 4);
    }
  }

  /** Takes a new reading from the monitor; notes the end in the log once it is final. */
  void update(SlurmJobStatus s) {
    copier.drain();
    if (finished) {
      return;
    }
    status = s;
    if (s.ended()) {
      end = detailOr(s);
      if (!end.state().equals("COMPLETING")) {
        finish();
      }
    }
  }

  private SlurmJobStatus detailOr(SlurmJobStatus fallback) {
    try {
      return client.detail(jobId).orElse(fallback);
    } catch (RuntimeException e) {
      return fallback;
    }
  }

  /** The job's end is final: note it in the log and stop watching it. */
  private void finish() {
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
    }
    copier.drain();
    copier.note(JobScript.MARK + " Slurm job " + jobId + " " + describe(end));
    monitor.forget(this);
    SlurmReaper.unregister(jobId);
  }

  /**
   * Cancels the job (Slurm signals it, then kills it after its KillWait) and waits until it is
   * gone.
   */
  @Override
  public void stop(Duration grace) {
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
    }
    try {
      if (end == null) {
        client.cancel(List.of(jobId));
      }
      long deadline = System.nanoTime() + grace.plus(CANCEL_SLACK).toNanos();
      boolean gone = false;
      while (!gone && System.nanoTime() < deadline) {
        gone = goneNow();
        if (!gone) {
          LockSupport.parkNanos(monitor.interval().toNanos() / 4);
        }
      }
      if (!gone) {
        copier.note(
            JobScript.MARK + " Slurm job " + jobId + " was cancelled but has not ended yet");
      }
      monitor.forget(this);
      SlurmReaper.unregister(jobId);
    } catch (LaunchException e) {
      copier.note(JobScript.MARK + " could not cancel Slurm job " + jobId + ": " + e.getMessage());
      System.err.println("[harness] could not cancel Slurm job " + jobId + ": " + e.getMessage());
    } finally {
      copier.drain();
    }
  }

  /** Reads the job's state once; true when it has ended and nothing of it runs any more. */
  private boolean goneNow() {
    try {
      SlurmJobStatus s =
          client.status(List.of(jobId)).getOrDefault(jobId, SlurmJobStatus.unknown(jobId));
      update(s);
      return s.gone();
    } catch (LaunchException e) {
      return false; // the controller did not answer this time
    }
  }

  private void refreshQuietly() {
    try {
      monitor.refresh(false);
    } catch (RuntimeException e) {
      // keep the last reading; the monitor retries
    }
  }

  @Override
  public String toString() {
    return name() + " " + status().state() + node().map(n -> " on " + n).orElse("");
  }
}
