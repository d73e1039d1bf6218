package io.llmharness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmharness.annotations.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenariosTest {

  @Scenario(
      promptTokens = 20000,
      warmup = 5,
      labels = {"phase=15", "layer=L1"})
  static class ClassLevel {
    @Scenario(id = "p15-L1-unified-20k-c1", concurrency = 4, labels = "layer=L1-override")
    void method() {}

    @Scenario(
        id = "sweep-{promptTokens}-c{concurrency}",
        promptTokens = {4096, 20000},
        concurrency = {1, 4})
    void matrix() {}
  }

  private static ScenarioOptions annotationOf(String method) throws Exception {
    return ScenarioOptions.of(
        ClassLevel.class.getDeclaredMethod(method).getAnnotation(Scenario.class));
  }

  private static final ScenarioOptions CLASS =
      ScenarioOptions.of(ClassLevel.class.getAnnotation(Scenario.class));

  @Test
  void defaultsFollowThePhase15Guide() {
    ScenarioSpec spec = Scenarios.resolve(ScenarioOptions.EMPTY, "m", StageLadder.DEFAULT).get(0);

    assertThat(spec.id()).isEqualTo("m");
    assertThat(spec.model()).isEqualTo("Qwen/Qwen2.5-32B-Instruct");
    assertThat(spec.maxTokens()).isEqualTo(100);
    assertThat(spec.load().warmup()).isEqualTo(20);
    assertThat(spec.load().iterations()).isEqualTo(30);
    assertThat(spec.load().concurrency()).isEqualTo(1);
    assertThat(spec.server().maxModelLen()).isEqualTo(32768);
    assertThat(spec.server().prefixCache()).isTrue();
    assertThat(spec.prompt().sharing()).isEqualTo(PromptSharing.WHOLE_PROMPT);
    assertThat(spec.ignoreEos()).isTrue();
    assertThat(spec.requestTimeout()).isEqualTo(Duration.ofSeconds(600));
  }

  @Test
  void methodOverridesClassAndKeepsWhatItDoesNotSet() throws Exception {
    ScenarioSpec spec =
        Scenarios.resolve(CLASS.overriddenBy(annotationOf("method")), "method", StageLadder.DEFAULT)
            .get(0);

    assertThat(spec.id()).isEqualTo("p15-L1-unified-20k-c1");
    assertThat(spec.prompt().tokens()).isEqualTo(20000);
    assertThat(spec.load().warmup()).isEqualTo(5);
    assertThat(spec.load().concurrency()).isEqualTo(4);
  }

  @Test
  void labelsAccumulateAcrossLayersWithTheHigherLayerWinning() throws Exception {
    ScenarioSpec spec =
        Scenarios.resolve(CLASS.overriddenBy(annotationOf("method")), "method", StageLadder.DEFAULT)
            .get(0);

    assertThat(spec.labels())
        .containsExactlyInAnyOrderEntriesOf(Map.of("phase", "15", "layer", "L1-override"));
  }

  @Test
  void builderOverridesAnnotationsAndPropertiesOverrideTheBuilder() throws Exception {
    ScenarioOptions builder = ScenarioOptions.builder().concurrency(8).iterations(2).build();
    ScenarioOptions props =
        ScenarioOptions.fromProperties(Map.of("harness.iterations", "1", "harness.warmup", "0"));

    ScenarioSpec spec =
        Scenarios.resolve(
                CLASS
                    .overriddenBy(annotationOf("method"))
                    .overriddenBy(builder)
                    .overriddenBy(props),
                "method",
                StageLadder.DEFAULT)
            .get(0);

    assertThat(spec.load().concurrency()).isEqualTo(8);
    assertThat(spec.load().iterations()).isEqualTo(1);
    assertThat(spec.load().warmup()).isZero();
  }

  @Test
  void severalValuesExpandIntoTheOuterProductWithIdsFromTheTemplate() throws Exception {
    List<ScenarioSpec> specs =
        Scenarios.resolve(
            CLASS.overriddenBy(annotationOf("matrix")), "matrix", StageLadder.DEFAULT);

    assertThat(specs)
        .extracting(ScenarioSpec::id)
        .containsExactlyInAnyOrder(
            "sweep-4096-c1", "sweep-4096-c4", "sweep-20000-c1", "sweep-20000-c4");
  }

  @Test
  void matrixDimensionsWithoutPlaceholderAreAppendedToTheId() {
    List<ScenarioSpec> specs =
        Scenarios.resolve(
            ScenarioOptions.builder().id("x").backend(Backend.EFA, Backend.TCP).build(),
            "x",
            StageLadder.DEFAULT);

    assertThat(specs).extracting(ScenarioSpec::id).containsExactly("x-efa", "x-tcp");
  }

  @Test
  void matrixValuesComeFromCommaSeparatedProperties() {
    List<ScenarioSpec> specs =
        Scenarios.resolve(
            ScenarioOptions.fromProperties(Map.of("harness.promptTokens", "4096, 50000")),
            "s",
            StageLadder.DEFAULT);

    assertThat(specs).extracting(s -> s.server().maxModelLen()).containsExactly(32768, 65536);
  }

  @Test
  void stageIsTheSmallestThatFitsPromptPlusOutput() {
    ScenarioSpec spec =
        Scenarios.resolve(
                ScenarioOptions.builder().promptTokens(32700).maxTokens(100).build(),
                "s",
                StageLadder.DEFAULT)
            .get(0);

    assertThat(spec.server().maxModelLen()).isEqualTo(65536);
  }

  @Test
  void explicitStageTooSmallNamesTheStageThatFits() {
    ScenarioOptions options =
        ScenarioOptions.builder().promptTokens(100000).maxTokens(100).maxModelLen(65536).build();

    assertThatThrownBy(() -> Scenarios.resolve(options, "big", StageLadder.DEFAULT))
        .isInstanceOf(ScenarioValidationException.class)
        .hasMessage(
            "scenario [big]: prompt_tokens 100000 + max_tokens 100 exceeds max_model_len 65536 of"
                + " stage 2; use stage 3 (131072).");
  }

  @Test
  void promptLargerThanEveryStageIsRejected() {
    ScenarioOptions options = ScenarioOptions.builder().promptTokens(131072).build();

    assertThatThrownBy(() -> Scenarios.resolve(options, "huge", StageLadder.DEFAULT))
        .hasMessageContaining("exceeds the largest stage (131072)");
  }

  @Test
  void everyBrokenRuleIsReportedInOneSentence() {
    ScenarioOptions options =
        ScenarioOptions.builder().concurrency(0).iterations(0).burstiness(0).build();

    assertThatThrownBy(() -> Scenarios.resolve(options, "bad", StageLadder.DEFAULT))
        .isInstanceOfSatisfying(
            ScenarioValidationException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "scenario [bad] has iterations [0]; it must be at least 1.",
                        "scenario [bad] has concurrency [0]; it must be at least 1; use 1 for serial requests.",
                        "scenario [bad] has burstiness [0.0]; it must be positive (1 = Poisson)."));
  }

  @Test
  void unknownBackendInAPropertyNamesTheKnownOnes() {
    assertThatThrownBy(() -> ScenarioOptions.fromProperties(Map.of("harness.backend", "rdma")))
        .hasMessage(
            "harness.backend [rdma] is not a valid Backend: unknown backend [rdma]; use one of unified, efa, tcp");
  }

  @Test
  void duplicateIdsAreRejected() {
    ScenarioOptions options = ScenarioOptions.builder().id("same").concurrency(1, 2).build();
    List<ScenarioSpec> a = Scenarios.resolve(options, "same", StageLadder.DEFAULT);

    assertThatThrownBy(() -> Scenarios.requireUniqueIds(List.of(a.get(0), a.get(0))))
        .hasMessageContaining("scenario id [same-1] is declared 2 times");
  }

  @Test
  void unsafeIdIsRejected() {
    assertThatThrownBy(
            () ->
                Scenarios.resolve(
                    ScenarioOptions.builder().id("a b").build(), "x", StageLadder.DEFAULT))
        .hasMessageContaining("scenario id [a b] may only contain");
  }

  @Test
  void disaggregatedBackendsDefaultToCacheOffAndUniquePrompts() {
    ScenarioSpec spec =
        Scenarios.resolve(
                ScenarioOptions.builder().backend(Backend.EFA).build(), "e", StageLadder.DEFAULT)
            .get(0);

    assertThat(spec.server().prefixCache()).isFalse();
    assertThat(spec.prompt().sharing()).isEqualTo(PromptSharing.UNIQUE);
  }

  @Test
  void sharedPrefixNeedsTheCacheOn() {
    ScenarioOptions options =
        ScenarioOptions.builder().prefixCache(false).sharedPrefixTokens(512).build();

    assertThatThrownBy(() -> Scenarios.resolve(options, "s", StageLadder.DEFAULT))
        .hasMessageContaining("sets sharedPrefixTokens [512] with the prefix cache off");
  }

  @Test
  void equalSpecsHaveEqualHashesAndADifferenceChangesIt() {
    ScenarioSpec a = Scenarios.resolve(ScenarioOptions.EMPTY, "s", StageLadder.DEFAULT).get(0);
    ScenarioSpec b = Scenarios.resolve(ScenarioOptions.EMPTY, "s", StageLadder.DEFAULT).get(0);
    ScenarioSpec c =
        Scenarios.resolve(ScenarioOptions.builder().maxTokens(99).build(), "s", StageLadder.DEFAULT)
            .get(0);

    assertThat(a.hash()).isEqualTo(b.hash()).hasSize(64);
    assertThat(c.hash()).isNotEqualTo(a.hash());
  }

  @Test
  void uniquePromptsCanRunOnAServerWithTheCacheOn() {
    ScenarioSpec spec =
        Scenarios.resolve(
                ScenarioOptions.builder()
                    .prefixCache(true)
                    .promptSharing(PromptSharing.UNIQUE)
                    .build(),
                "u",
                StageLadder.DEFAULT)
            .get(0);

    assertThat(spec.server().prefixCache()).isTrue();
    assertThat(spec.prompt().sharing()).isEqualTo(PromptSharing.UNIQUE);
  }

  @Test
  void sharingNeedsTheCacheOn() {
    ScenarioOptions options =
        ScenarioOptions.builder()
            .prefixCache(false)
            .promptSharing(PromptSharing.WHOLE_PROMPT)
            .build();

    assertThatThrownBy(() -> Scenarios.resolve(options, "w", StageLadder.DEFAULT))
        .hasMessage(
            "scenario [w] has promptSharing [whole_prompt] with the prefix cache off; turn prefixCache on or use unique prompts.");
  }
}
