package io.llmharness.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.emulator.testing.EmulatorProcess;
import io.llmharness.emulator.testing.Http;
import io.llmharness.emulator.testing.TestProfiles;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A repeated prompt skips prefill with caching on, and /metrics counts the hits. */
class PrefixCacheIT {

  private static final String PROMPT = TestProfiles.ids(23811, 4000);

  private static long repeatedTtftNanos(EmulatorProcess emulator) {
    Http http = new Http(emulator);
    String body = "{\"prompt\":" + PROMPT + ",\"max_tokens\":2,\"stream\":true}";
    http.stream("/v1/completions", body);
    return http.stream("/v1/completions", body).ttftNanos();
  }

  @Test
  void aRepeatedPromptIsFasterWithCachingOnThanOff() {
    long on;
    long off;
    try (EmulatorProcess e = EmulatorProcess.start("--profile", TestProfiles.slowPrefill())) {
      on = repeatedTtftNanos(e);
    }
    try (EmulatorProcess e =
        EmulatorProcess.start(
            "--profile", TestProfiles.slowPrefill(), "--no-enable-prefix-caching")) {
      off = repeatedTtftNanos(e);
    }
    // Off: 1 + 400 ms of prefill. On: 3984 cached tokens, one 16-token block left, 1 + 5 ms.
    assertThat(on * 5).isLessThan(off);
  }

  @Test
  void metricsCountQueriesAndHitsInWholeBlocks() {
    try (EmulatorProcess e = EmulatorProcess.start("--profile", TestProfiles.slowPrefill())) {
      Http http = new Http(e);
      String body = "{\"prompt\":" + PROMPT + ",\"max_tokens\":1}";
      http.post("/v1/completions", body);
      http.post("/v1/completions", body);
      assertThat(http.metric("vllm:prefix_cache_queries_total")).isEqualTo(8000.0);
      // Hits are capped at prompt - 1 tokens in whole 16-token blocks: 3999 -> 3984.
      assertThat(http.metric("vllm:prefix_cache_hits_total")).isEqualTo(3984.0);
    }
  }

  @Test
  void cachedTokensAreReportedWithPromptTokensDetails() {
    try (EmulatorProcess e =
        EmulatorProcess.start(
            "--profile", TestProfiles.slowPrefill(), "--enable-prompt-tokens-details")) {
      Http http = new Http(e);
      String body = "{\"prompt\":" + PROMPT + ",\"max_tokens\":1}";
      http.post("/v1/completions", body);
      assertThat(
              http.post("/v1/completions", body)
                  .json()
                  .get("usage")
                  .get("prompt_tokens_details")
                  .toString())
          .isEqualTo("{\"cached_tokens\":3984}");
    }
  }

  @Test
  void resetPrefixCacheForgetsCachedBlocksInDevMode() {
    try (EmulatorProcess e =
        EmulatorProcess.start(
            Map.of("VLLM_SERVER_DEV_MODE", "1"), "--profile", TestProfiles.slowPrefill())) {
      Http http = new Http(e);
      String body = "{\"prompt\":" + PROMPT + ",\"max_tokens\":1}";
      http.post("/v1/completions", body);
      assertThat(http.post("/reset_prefix_cache", "").status()).isEqualTo(200);
      http.post("/v1/completions", body);
      assertThat(http.metric("vllm:prefix_cache_hits_total")).isZero();
    }
  }
}
