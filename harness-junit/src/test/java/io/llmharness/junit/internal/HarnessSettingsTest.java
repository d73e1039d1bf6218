package io.llmharness.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.scenario.LoadMode;
import io.llmharness.scenario.LoadShape;
import io.llmharness.scenario.PromptSharing;
import io.llmharness.scenario.ScenarioOptions;
import io.llmharness.scenario.ScenarioSpec;
import io.llmharness.scenario.Scenarios;
import io.llmharness.scenario.StageLadder;
import io.llmharness.server.ssh.SshSettings;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HarnessSettingsTest {

  private static ScenarioSpec spec(ScenarioOptions.Builder options) {
    return Scenarios.resolve(
            options.warmup(20).iterations(30).promptTokens(1000).maxTokens(10).build(),
            "s",
            StageLadder.DEFAULT)
        .get(0);
  }

  private static HarnessSettings settings(Map<String, String> values) {
    return HarnessSettings.read(key -> Optional.ofNullable(values.get(key)));
  }

  private static final Map<String, String> REDUCED =
      Map.of("harness.emulated.warmup", "0", "harness.emulated.requests", "4");

  @Test
  void reducedWarmupMeasuresOneRoundAtHighConcurrency() {
    ScenarioSpec reduced =
        settings(REDUCED)
            .emulatedRequests(
                spec(
                    ScenarioOptions.builder()
                        .concurrency(16)
                        .prefixCache(false)
                        .promptSharing(PromptSharing.UNIQUE)));

    assertThat(reduced.load().warmup()).isZero();
    assertThat(reduced.load().iterations()).isEqualTo(1);
  }

  @Test
  void reducedWarmupIsZeroForOneUniqueStream() {
    ScenarioSpec reduced =
        settings(REDUCED)
            .emulatedRequests(
                spec(
                    ScenarioOptions.builder()
                        .concurrency(1)
                        .prefixCache(false)
                        .promptSharing(PromptSharing.UNIQUE)));

    assertThat(reduced.load().warmup()).isZero();
    assertThat(reduced.load().iterations()).isEqualTo(4);
  }

  @Test
  void sharedPromptsKeepTheRequestThatFillsTheCache() {
    ScenarioSpec reduced =
        settings(REDUCED)
            .emulatedRequests(
                spec(
                    ScenarioOptions.builder()
                        .concurrency(1)
                        .prefixCache(true)
                        .promptSharing(PromptSharing.WHOLE_PROMPT)));

    assertThat(reduced.load().warmup()).isEqualTo(1);
  }

  @Test
  void unsharedPromptsKeepNoWarmupAtAnyConcurrency() {
    LoadShape rounds = new LoadShape(0, 1, 8, LoadMode.ROUNDS, java.util.OptionalDouble.empty(), 1);
    LoadShape open = new LoadShape(0, 1, 8, LoadMode.CONTINUOUS, java.util.OptionalDouble.of(2), 1);
    ScenarioSpec base =
        spec(
            ScenarioOptions.builder()
                .concurrency(8)
                .prefixCache(false)
                .promptSharing(PromptSharing.UNIQUE));

    assertThat(HarnessSettings.warmupFloor(base.withLoad(rounds))).isZero();
    assertThat(HarnessSettings.warmupFloor(base.withLoad(open))).isZero();
    assertThat(HarnessSettings.warmupFloor(base)).isZero();
  }

  @Test
  void noReductionWhenHarnessWarmupIsSet() {
    ScenarioSpec reduced =
        settings(Map.of("harness.emulated.warmup", "0", "harness.warmup", "3"))
            .emulatedRequests(
                spec(
                    ScenarioOptions.builder()
                        .concurrency(16)
                        .prefixCache(false)
                        .promptSharing(PromptSharing.UNIQUE)));

    assertThat(reduced.load().warmup()).isEqualTo(20);
  }

  @Test
  void sshKeysComeFromConfigurationParameters() {
    HarnessSettings s =
        settings(
            Map.of(
                "harness.target", "ssh",
                "harness.nodes", "10.0.0.1",
                "harness.ssh.user", "bench",
                "harness.ssh.port", "2222",
                "harness.ssh.acceptUnknownHosts", "true"));

    SshSettings node = SshSettings.fromConfig("10.0.0.1", s.values());
    assertThat(node.user()).isEqualTo("bench");
    assertThat(node.port()).isEqualTo(2222);
    assertThat(node.acceptUnknownHosts()).isTrue();
  }

  @Test
  void targetKeysComeFromConfigurationParameters() {
    HarnessSettings s =
        settings(
            Map.of(
                "harness.vllm.enforceEager", "false",
                "harness.java.classpath", "/opt/harness/all.jar"));

    assertThat(s.target().vllm().switches().enforceEager()).isFalse();
    assertThat(s.target().javaClasspath()).hasValue("/opt/harness/all.jar");
  }
}
