package io.llmharness.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigValuesTest {

  @Test
  void durationsAreSecondsUnitsOrIso8601() {
    assertThat(ConfigValues.parseDuration("600")).isEqualTo(Duration.ofMinutes(10));
    assertThat(ConfigValues.parseDuration("0.5")).isEqualTo(Duration.ofMillis(500));
    assertThat(ConfigValues.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(ConfigValues.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(ConfigValues.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(ConfigValues.parseDuration("1 h")).isEqualTo(Duration.ofHours(1));
    assertThat(ConfigValues.parseDuration("PT10M")).isEqualTo(Duration.ofMinutes(10));
    assertThat(ConfigValues.parseDuration("pt30s")).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aMalformedDurationIsRefusedWithItsForms() {
    assertThatThrownBy(() -> ConfigValues.parseDuration("PT"))
        .hasMessage("use seconds (e.g. 600), a unit (30s, 500ms, 2m, 1h) or ISO-8601 (e.g. PT10M)");
  }

  @Test
  void sizesTakeABinaryUnit() {
    assertThat(ConfigValues.parseSize("16777216")).isEqualTo(16L << 20);
    assertThat(ConfigValues.parseSize("16m")).isEqualTo(16L << 20);
    assertThat(ConfigValues.parseSize("16MiB")).isEqualTo(16L << 20);
    assertThat(ConfigValues.parseSize("1k")).isEqualTo(1024);
  }

  @Test
  void aSizeOfTooManyDigitsIsRefusedLikeAMalformedOne() {
    assertThatThrownBy(() -> ConfigValues.parseSize("99999999999999999999"))
        .hasMessage("use a byte size such as 16777216, 16m or 16MiB");
  }

  @Test
  void aBlankValueTakesTheFallback() {
    assertThat(ConfigValues.read(Map.of("harness.x", " "), "harness.x", 7, ConfigValues::parseInt))
        .isEqualTo(7);
  }

  @Test
  void anInvalidValueNamesTheKey() {
    assertThatThrownBy(
            () ->
                ConfigValues.read(
                    k -> Optional.of("many"), "harness.x", 7L, ConfigValues::parseLong))
        .hasMessage("harness.x [many] is not valid: not a whole number");
  }

  @Test
  void textIsStrippedAndBlankIsAbsent() {
    assertThat(ConfigValues.text(k -> Optional.of(" a "), "harness.x")).contains("a");
    assertThat(ConfigValues.text(k -> Optional.of("  "), "harness.x")).isEmpty();
  }
}
