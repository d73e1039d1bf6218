package io.llmharness.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The health-check keys. */
class HealthCheckTest {
  @Test
  void unsetKeysKeepTheDefaults() {
    assertThat(HealthCheck.fromProperties(Map.of())).isEqualTo(HealthCheck.DEFAULT);
    assertThat(HealthCheck.DEFAULT.interval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void bothKeysAreRead() {
    HealthCheck check =
        HealthCheck.fromProperties(
            Map.of("harness.healthCheckInterval", "500ms", "harness.healthCheckFailures", "2"));

    assertThat(check).isEqualTo(new HealthCheck(Duration.ofMillis(500), 2));
    assertThat(check.enabled()).isTrue();
  }

  @Test
  void aZeroIntervalTurnsTheChecksDuringTheScenarioOff() {
    assertThat(HealthCheck.fromProperties(Map.of("harness.healthCheckInterval", "0")).enabled())
        .isFalse();
  }

  @Test
  void invalidValuesNameTheKeyAndTheFix() {
    assertThatThrownBy(() -> HealthCheck.fromProperties(Map.of("harness.healthCheckFailures", "0")))
        .hasMessage(
            "harness.healthCheckFailures [0] is not valid: end a scenario after 1 or more failed"
                + " checks");
    assertThatThrownBy(
            () -> HealthCheck.fromProperties(Map.of("harness.healthCheckInterval", "-1")))
        .hasMessage(
            "harness.healthCheckInterval [-1] is not valid: use a positive duration, or 0 to check"
                + " only after the scenario");
  }
}
