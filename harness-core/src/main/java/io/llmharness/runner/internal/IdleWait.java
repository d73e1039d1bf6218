package io.llmharness.runner.internal;

import io.llmharness.client.MetricsSnapshot;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits until no server of a deployment runs or queues a request ({@code vllm:num_requests_running}
 * and {@code vllm:num_requests_waiting} both 0), so that a scenario never starts behind the tail of
 * the one before: the cooldown requests a scenario cancels at its end leave the engine only when
 * the step they joined ends (vLLM applies aborts between steps), and a long-context prefill step
 * takes seconds. A server that exposes neither gauge counts as idle.
 */
final class IdleWait {
  static final String RUNNING = "vllm:num_requests_running";
  static final String WAITING = "vllm:num_requests_waiting";

  private static final long POLL_NANOS = Duration.ofMillis(50).toNanos();

  private IdleWait() {}

  /**
   * Polls {@code metrics} until the servers are idle, {@code timeout} passed or {@code stopped}
   * says so.
   *
   * @return the requests still running or waiting when it gave up, or empty once idle
   */
  static OptionalDouble await(
      Supplier<MetricsSnapshot> metrics, Duration timeout, BooleanSupplier stopped) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      double busy = busy(metrics.get());
      if (busy == 0) {
        return OptionalDouble.empty();
      }
      if (stopped.getAsBoolean() || System.nanoTime() - deadline >= 0) {
        return OptionalDouble.of(busy);
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /** Requests running or waiting on all servers of the snapshot. */
  static double busy(MetricsSnapshot snapshot) {
    return snapshot.sum(RUNNING).orElse(0) + snapshot.sum(WAITING).orElse(0);
  }
}
