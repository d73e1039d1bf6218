package io.llmharness.phase15;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;

class BoundsTest {

  private static Bounds of(Map<String, String> values) {
    return Bounds.from(k -> Optional.ofNullable(values.get(k)));
  }

  @Test
  void theEmulatedTargetUsesTheEmulatorProfilesBounds() {
    assertThat(of(Map.of()).name()).isEqualTo("fast");
    assertThat(of(Map.of("harness.emulator.profile", "qwen2.5-32b-tp4-g7e")).name())
        .isEqualTo("qwen2.5-32b-tp4-g7e");
  }

  @Test
  void aRealTargetUsesTheGuidesPrimaryInstance() {
    assertThat(of(Map.of("harness.target", "ssh", "harness.emulator.profile", "fast")).name())
        .isEqualTo("qwen2.5-32b-tp4-g7e");
  }

  @Test
  void theG5BoundsOfThe32bModelHaveNoTtftRange() {
    Bounds g5 = of(Map.of("harness.target", "ssh", "harness.bounds", "qwen2.5-32b-tp4-g5"));
    Bounds g7e = of(Map.of("harness.target", "ssh"));

    assertThat(g5.ttftP50("unified", 1, 20000)).isEmpty();
    assertThat(g5.tpotTolerance()).isEqualTo(0.10);
    assertThat(g7e.ttftP50("unified", 1, 20000))
        .contains(new Bounds.Range(Duration.ofSeconds(2), Duration.ofSeconds(3)));
  }

  @Test
  void namesTheFileOfAnUnknownProfile() {
    assertThatThrownBy(() -> of(Map.of("harness.bounds", "p5")))
        .hasMessageStartingWith("no bounds for profile [p5]; add src/test/resources/bounds/p5");
  }

  @Test
  void aConfigurationParameterWinsOverTheSystemProperty() {
    assertThat(resolvedName(Map.of("harness.bounds", "qwen2.5-32b-tp4-g5"), "fast"))
        .isEqualTo("qwen2.5-32b-tp4-g5");
  }

  @Test
  void theSystemPropertyAppliesWithoutAConfigurationParameter() {
    assertThat(resolvedName(Map.of(), "qwen2.5-7b-tp1-g5")).isEqualTo("qwen2.5-7b-tp1-g5");
  }

  /**
   * The name {@link Bounds.Resolver} gives a test run with these parameters and system property.
   */
  private static String resolvedName(Map<String, String> parameters, String systemProperty) {
    String before = System.getProperty("harness.bounds");
    System.setProperty("harness.bounds", systemProperty);
    try {
      Probe.seen.clear();
      EngineTestKit.engine("junit-jupiter")
          .selectors(selectClass(Probe.class))
          .configurationParameters(parameters)
          .execute()
          .testEvents()
          .assertStatistics(s -> s.succeeded(1));
      return Probe.seen.get(0);
    } finally {
      if (before == null) {
        System.clearProperty("harness.bounds");
      } else {
        System.setProperty("harness.bounds", before);
      }
    }
  }

  /** Run by the tests above through the engine: records the bounds it was given. */
  @ExtendWith(Bounds.Resolver.class)
  static class Probe {
    static final List<String> seen = new CopyOnWriteArrayList<>();

    @Test
    void records(Bounds bounds) {
      seen.add(bounds.name());
    }
  }
}
