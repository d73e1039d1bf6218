package io.llmharness.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.runner.HealthCheck;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The watchdog's counting of failed checks, with a scripted check. */
class ServerWatchdogTest {
  @Test
  void onlyTheConfiguredNumberOfFailuresInARowEndsTheScenarioAndOnlyOnce() throws Exception {
    Set<Integer> failingChecks = Set.of(2, 3, 5, 6, 7, 8, 9);
    AtomicInteger checks = new AtomicInteger();
    AtomicInteger endings = new AtomicInteger();
    CompletableFuture<RuntimeException> ended = new CompletableFuture<>();
    Runnable check =
        () -> {
          int n = checks.incrementAndGet();
          if (failingChecks.contains(n) || n > 9) {
            throw new IllegalStateException("check " + n + " failed");
          }
        };

    try (ServerWatchdog watchdog =
        ServerWatchdog.start(
            check,
            new HealthCheck(Duration.ofMillis(1), 3),
            e -> {
              endings.incrementAndGet();
              ended.complete(e);
            })) {
      RuntimeException failure = ended.get(30, TimeUnit.SECONDS);

      assertThat(failure).hasMessage("check 7 failed");
      assertThat(watchdog.failure()).containsSame(failure);
      assertThat(endings.get()).isEqualTo(1);
    }
  }

  @Test
  void aWatchdogThatNeverFailedHasNoFailure() throws Exception {
    CompletableFuture<Void> checkedTwice = new CompletableFuture<>();
    AtomicInteger checks = new AtomicInteger();

    try (ServerWatchdog watchdog =
        ServerWatchdog.start(
            () -> {
              if (checks.incrementAndGet() == 2) {
                checkedTwice.complete(null);
              }
            },
            new HealthCheck(Duration.ofMillis(1), 1),
            e -> {})) {
      checkedTwice.get(30, TimeUnit.SECONDS);

      assertThat(watchdog.failure()).isEmpty();
    }
  }
}
