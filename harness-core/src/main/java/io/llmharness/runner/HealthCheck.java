package io.llmharness.runner;

import io.llmharness.internal.ConfigValues;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How often the runner checks the servers while a scenario runs, and how many consecutive failed
 * checks end it ({@code harness.healthCheckInterval}, {@code harness.healthCheckFailures}). A
 * scenario ended this way cancels its requests in flight (recorded as {@code SERVER_UNHEALTHY}),
 * sends no more, and fails with the check's message. Immutable.
 *
 * @param interval the pause between the end of one check and the start of the next; zero turns the
 *     checks during a scenario off (the check after it still runs)
 * @param failures how many checks in a row must fail, at least 1
 */
public record HealthCheck(Duration interval, int failures) {
  private static final String INTERVAL_FIX =
      "use a positive duration, or 0 to check only after the scenario";
  private static final String FAILURES_FIX = "end a scenario after 1 or more failed checks";

  /** Every 5 s; three failed checks in a row end the scenario. */
  public static final HealthCheck DEFAULT = new HealthCheck(Duration.ofSeconds(5), 3);

  public HealthCheck {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative()) {
      throw new IllegalArgumentException(
          "health-check interval " + interval + " is negative; " + INTERVAL_FIX);
    }
    if (failures < 1) {
      throw new IllegalArgumentException(
          "health-check failures " + failures + " is below 1; " + FAILURES_FIX);
    }
  }

  /** Whether the servers are checked while the scenario runs. */
  public boolean enabled() {
    return !interval.isZero();
  }

  /**
   * Reads {@code harness.healthCheckInterval} (a duration) and {@code harness.healthCheckFailures};
   * unset keys keep {@link #DEFAULT}'s values.
   *
   * @throws IllegalArgumentException naming the key, the value and the fix
   */
  public static HealthCheck fromProperties(Map<String, String> config) {
    return new HealthCheck(
        ConfigValues.read(
            config,
            "harness.healthCheckInterval",
            DEFAULT.interval,
            s -> require(ConfigValues.parseDuration(s), d -> !d.isNegative(), INTERVAL_FIX)),
        ConfigValues.read(
            config,
            "harness.healthCheckFailures",
            DEFAULT.failures,
            s -> require(ConfigValues.parseInt(s), n -> n >= 1, FAILURES_FIX)));
  }

  private static <T> T require(T value, Predicate<T> valid, String fix) {
    if (!valid.test(value)) {
      throw new IllegalArgumentException(fix);
    }
    return value;
  }
}
