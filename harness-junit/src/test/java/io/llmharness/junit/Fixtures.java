package io.llmharness.junit;

import static io.llmharness.junit.HarnessAssertions.assertThat;

import io.llmharness.annotations.Scenario;
import io.llmharness.results.ScenarioResult;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Fixture classes run through EngineTestKit by the extension's tests (never by Surefire: their
 * names do not end in Test). Small scenarios on the emulator's fast profile, over three distinct
 * unified deployments: stage 1 with the prefix cache, stage 1 without, stage 2 with.
 */
final class Fixtures {
  private Fixtures() {}

  static final String[] STAGE_1_CACHE = {"a-1", "b-1", "c-1"};

  @LlmBenchmark
  @Scenario(promptTokens = 200, maxTokens = 3, warmup = 0, iterations = 2)
  static class MixedDeploymentsCase {
    @ScenarioTest
    @Scenario(id = "a-1")
    void stage1Cached(ScenarioResult r) {
      assertThat(r).hasNoErrors();
    }

    @ScenarioTest
    @Scenario(id = "a-2", prefixCache = false)
    void stage1Uncached(ScenarioResult r) {
      assertThat(r).hasNoErrors();
    }

    @ScenarioTest
    @Scenario(id = "a-3", promptTokens = 40000)
    void stage2Cached(ScenarioResult r) {
      assertThat(r).hasNoErrors();
    }
  }

  @LlmBenchmark
  @Scenario(promptTokens = 200, maxTokens = 3, warmup = 0, iterations = 2)
  static class Stage2AndUncachedCase {
    @ScenarioTest
    @Scenario(id = "b-2", promptTokens = 40000)
    void stage2Cached(ScenarioResult r) {
      assertThat(r).hasNoErrors();
    }

    @ScenarioTest
    @Scenario(id = "b-1", prefixCache = false)
    void stage1Uncached(ScenarioResult r) {
      assertThat(r).hasNoErrors();
    }
  }

  @LlmBenchmark
  @Scenario(promptTokens = 200, maxTokens = 3, warmup = 0, iterations = 2)
  static class CachedOnlyCase {
    @ScenarioTest
    @Scenario(id = "c-1")
    void stage1Cached(ScenarioResult r) {
      assertThat(r).hasNoErrors();
    }
  }

  /**
   * With the emulator crashing after two requests: the second scenario dies, the third gets a fresh
   * server.
   */
  @LlmBenchmark
  @Scenario(promptTokens = 200, maxTokens = 3, warmup = 0, iterations = 2)
  static class CrashFirstCase {
    @ScenarioTest
    @Scenario(id = "crash-1")
    void first(ScenarioResult r) {
      assertThat(r).hasNoErrors();
    }

    @ScenarioTest
    @Scenario(id = "crash-2")
    void second(ScenarioResult r) {
      assertThat(r).hasNoErrors();
    }
  }

  @LlmBenchmark
  @Scenario(promptTokens = 200, maxTokens = 3, warmup = 0, iterations = 2)
  static class CrashSecondCase {
    @ScenarioTest
    @Scenario(id = "crash-3")
    void third(ScenarioResult r) {
      assertThat(r).hasNoErrors();
    }
  }

  /**
   * A scenario on stage 1 with the cache, like a-1, whose test a condition always disables: it must
   * not be run ahead when the run leaves that deployment.
   */
  @LlmBenchmark
  @Scenario(promptTokens = 200, maxTokens = 3, warmup = 0, iterations = 2)
  static class GuardedCase {
    @ScenarioTest
    @Scenario(id = "g-1")
    @DisabledIfSystemProperty(named = "java.version", matches = ".*")
    void neverEnabled(ScenarioResult r) {
      assertThat(r).hasNoErrors();
    }
  }

  /** A scenario whose method lacks @ScenarioTest: nothing may start. */
  @LlmBenchmark
  @Scenario(promptTokens = 200, maxTokens = 3, warmup = 0, iterations = 2)
  static class UnmarkedCase {
    @ScenarioTest
    @Scenario(id = "marked")
    void marked(ScenarioResult r) {
      assertThat(r).hasNoErrors();
    }

    @Scenario(id = "forgotten")
    void forgotten(ScenarioResult r) {
      assertThat(r).hasNoErrors();
    }
  }

  /** A declaration that breaks a rule: nothing may start. */
  @LlmBenchmark
  static class InvalidCase {
    @ScenarioTest
    @Scenario(id = "bad", promptTokens = 100000, maxModelLen = 65536)
    void tooLong(ScenarioResult r) {}
  }

  /**
   * Against an external server of max_model_len 32768: the first fits; the second's prompt does
   * not, and the third's would, but its stage (65536) does not.
   */
  @LlmBenchmark
  @Scenario(promptTokens = 300, maxTokens = 3, warmup = 0, iterations = 2)
  static class ExternalCase {
    @ScenarioTest
    @Scenario(id = "ext-fits")
    void fits(ScenarioResult r) {
      assertThat(r).hasNoErrors();
    }

    @ScenarioTest
    @Scenario(id = "ext-too-long", promptTokens = 40000)
    void tooLong(ScenarioResult r) {
      assertThat(r).hasNoErrors();
    }

    @ScenarioTest
    @Scenario(id = "ext-stage-2", maxModelLen = 65536)
    void stageTooLarge(ScenarioResult r) {
      assertThat(r).hasNoErrors();
    }
  }
}
