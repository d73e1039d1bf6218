package io.llmharness.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.client.MetricsSnapshot;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wait for idle servers, on scripted {@code /metrics} scrapes. */
class IdleWaitTest {

  private static MetricsSnapshot scrape(int running, int waiting) {
    return MetricsSnapshot.parse(
        "vllm:num_requests_running{engine=\"0\"} "
            + running
            + "\nvllm:num_requests_waiting{engine=\"0\"} "
            + waiting
            + "\n");
  }

  @Test
  void returnsOnceNothingRunsOrWaits() {
    Deque<MetricsSnapshot> scrapes =
        new ArrayDeque<>(List.of(scrape(1, 2), scrape(1, 0), scrape(0, 0), scrape(5, 5)));

    assertThat(IdleWait.await(scrapes::poll, Duration.ofMinutes(1), () -> false)).isEmpty();
    assertThat(scrapes).hasSize(1);
  }

  @Test
  void givesUpAfterTheTimeoutWithWhatIsStillBusy() {
    assertThat(IdleWait.await(() -> scrape(2, 1), Duration.ZERO, () -> false)).hasValue(3.0);
  }

  @Test
  void givesUpWhenTheScenarioIsStopped() {
    assertThat(IdleWait.await(() -> scrape(1, 0), Duration.ofMinutes(1), () -> true)).hasValue(1.0);
  }

  @Test
  void aServerWithoutTheGaugesCountsAsIdle() {
    assertThat(IdleWait.busy(MetricsSnapshot.parse("proxy_requests_total 4\n"))).isZero();
    assertThat(IdleWait.busy(MetricsSnapshot.empty())).isZero();
  }

  @Test
  void sumsEveryServerOfTheDeployment() {
    MetricsSnapshot merged =
        MetricsSnapshot.merge(
            new java.util.LinkedHashMap<>(
                java.util.Map.of("prefill", scrape(1, 0), "decode", scrape(0, 2))));
    assertThat(IdleWait.busy(merged)).isEqualTo(3.0);
  }
}
