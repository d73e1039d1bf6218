package io.llmharness.runner.internal;

import io.llmharness.runner.HealthCheck;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs a server check on its own thread while a scenario runs: every {@link HealthCheck#interval()}
 * after the previous check ended. When {@link HealthCheck#failures()} checks in a row throw, it
 * hands the last exception to {@code onFailure} once and stops checking.
 */
public final class ServerWatchdog implements AutoCloseable {
  private final Runnable check;
  private final int failuresToEnd;
  private final Consumer<RuntimeException> onFailure;
  private final ScheduledExecutorService timer;
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private volatile boolean closed;
  private int failedInARow; // touched by the timer thread only

  private ServerWatchdog(
      Runnable check, HealthCheck settings, Consumer<RuntimeException> onFailure) {
    this.check = check;
    this.failuresToEnd = settings.failures();
    this.onFailure = onFailure;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "harness-server-watchdog");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts checking after one interval; a disabled {@code settings} never checks. */
  public static ServerWatchdog start(
      Runnable check, HealthCheck settings, Consumer<RuntimeException> onFailure) {
    ServerWatchdog watchdog = new ServerWatchdog(check, settings, onFailure);
    if (settings.enabled()) {
      long nanos = settings.interval().toNanos();
      watchdog.timer.scheduleWithFixedDelay(watchdog::tick, nanos, nanos, TimeUnit.NANOSECONDS);
    }
    return watchdog;
  }

  private void tick() {
    if (closed) {
      return;
    }
    try {
      check.run();
      failedInARow = 0;
    } catch (RuntimeException e) {
      if (++failedInARow >= failuresToEnd && !closed && failure.compareAndSet(null, e)) {
        timer.shutdown();
        onFailure.accept(e);
      }
    }
  }

  /** The check's exception that ended the scenario, if it did. */
  public Optional<RuntimeException> failure() {
    return Optional.ofNullable(failure.get());
  }

  /**
   * Stops checking. A check in progress is not interrupted (it ends within its own timeouts) and
   * its outcome is ignored.
   */
  @Override
  public void close() {
    closed = true;
    timer.shutdown();
  }
}
