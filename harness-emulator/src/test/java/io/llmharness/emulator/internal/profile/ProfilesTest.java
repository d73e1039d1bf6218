package io.llmharness.emulator.internal.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfilesTest {

  @Test
  void everyShippedProfileLoads() {
    for (String name : Profiles.SHIPPED) {
      assertThat(Profiles.load(name).name()).isEqualTo(name);
    }
  }

  @Test
  void qwen32bHas256KibPerToken() {
    assertThat(Profiles.load("qwen2.5-32b-tp4-g7e").model().bytesPerToken()).isEqualTo(262_144L);
  }

  @Test
  void qwen32bUnifiedTtftIsInThePhase15GuideRanges() {
    LatencyModel m = Profiles.load("qwen2.5-32b-tp4-g7e").latency();
    assertThat(m.idleTtftMs(20_000, 0, 8192, false)).isBetween(2300.0, 2600.0);
    assertThat(m.idleTtftMs(100_000, 0, 8192, false)).isBetween(11_000.0, 13_000.0);
    assertThat(m.idleTpotMs(20_000)).isBetween(25.0, 30.0);
  }

  @Test
  void qwen7bReproducesPhase14UnifiedTtftWithinTwoPercent() {
    LatencyModel m = Profiles.load("qwen2.5-7b-tp1-g5").latency();
    int[] tokens = {1000, 2000, 4000, 8000, 12000};
    double[] measured = {232.23, 464.92, 937.97, 1927.37, 3058.59};
    for (int i = 0; i < tokens.length; i++) {
      assertThat(m.idleTtftMs(tokens[i], 0, 4096, false))
          .isCloseTo(measured[i], within(measured[i] * 0.02));
    }
  }

  @Test
  void chunkingDoesNotChangeThePolynomialTotal() {
    LatencyModel m = new LatencyModel(0, 0, List.of(0.1, 1e-6), 0, 0, 1);
    assertThat(m.idleTtftMs(10_000, 0, 1000, false)).isCloseTo(m.prefillMs(10_000), within(1e-6));
  }

  @Test
  void aMissingFieldIsNamed() {
    assertThatThrownBy(
            () ->
                Profiles.parse(
                    new ObjectMapper().readTree("{\"name\":\"x\",\"model\":{}}"), "test.json"))
        .hasMessageContaining("profile test.json")
        .hasMessageContaining("model.name");
  }

  @Test
  void unknownProfileNameIsExplained() {
    assertThatThrownBy(() -> Profiles.load("no-such-profile"))
        .hasMessageContaining("neither a shipped profile");
  }
}
