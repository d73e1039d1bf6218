package io.llmharness.server.internal.slurm;

import io.llmharness.server.slurm.SlurmClient;
import io.llmharness.server.slurm.SlurmJobStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Reads the state of every live job of a launcher with one {@code squeue} per poll interval, on a
 * daemon thread that exists only while there are jobs, and copies their logs back each time.
 * Waiting callers may ask for a fresher reading; readings are applied in order.
 */
final class JobMonitor {
  private final SlurmClient client;
  private final Duration interval;
  private final List<SlurmJob> jobs = new ArrayList<>();
  private final ScheduledThreadPoolExecutor timer;
  private final Object reading = new Object();
  private ScheduledFuture<?> task;
  private long lastReading = System.nanoTime() - Long.MAX_VALUE / 2;

  JobMonitor(SlurmClient client, Duration interval) {
    this.client = client;
    this.interval = interval;
    this.timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "harness-slurm-monitor");
              t.setDaemon(true);
              return t;
            });
    timer.setKeepAliveTime(1, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
  }

  Duration interval() {
    return interval;
  }

  synchronized void watch(SlurmJob job) {
    jobs.add(job);
    if (task == null) {
      long ms = interval.toMillis();
      task = timer.scheduleWithFixedDelay(this::tick, ms, ms, TimeUnit.MILLISECONDS);
    }
  }

  synchronized void forget(SlurmJob job) {
    jobs.remove(job);
    if (jobs.isEmpty() && task != null) {
      task.cancel(false);
      task = null;
    }
  }

  synchronized List<SlurmJob> jobs() {
    return List.copyOf(jobs);
  }

  private void tick() {
    try {
      refresh(true);
    } catch (RuntimeException e) {
      // Slurm did not answer this time; the next tick tries again.
    }
  }

  /**
   * Reads the state of every watched job and hands it to the job, unless the last reading is less
   * than half an interval old and {@code force} is false.
   */
  void refresh(boolean force) {
    synchronized (reading) {
      long now = System.nanoTime();
      if (!force && now - lastReading < interval.toNanos() / 2) {
        return;
      }
      List<SlurmJob> snapshot = jobs();
      if (snapshot.isEmpty()) {
        return;
      }
      Map<String, SlurmJobStatus> states =
          client.status(snapshot.stream().map(SlurmJob::jobId).toList());
      lastReading = now;
      for (SlurmJob job : snapshot) {
        job.update(states.getOrDefault(job.jobId(), SlurmJobStatus.unknown(job.jobId())));
      }
    }
  }
}
