package io.llmharness.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmharness.emulator.testing.EmulatorProcess;
import io.llmharness.emulator.testing.Http;
import io.llmharness.emulator.testing.TestProfiles;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** EOS, min_tokens, preemption under KV pressure, request-id headers and the API key. */
class GenerationIT {

  @Test
  void eosEndsRequestsWithStopUnlessIgnoredOrBeforeMinTokens() {
    try (EmulatorProcess e = EmulatorProcess.start("--profile", TestProfiles.eos())) {
      Http http = new Http(e);
      Set<String> reasons = new HashSet<>();
      for (int i = 0; i < 20; i++) {
        JsonNode r = http.post("/v1/completions", "{\"prompt\":\"hi\",\"max_tokens\":20}").json();
        reasons.add(r.get("choices").get(0).get("finish_reason").asText());
      }
      assertThat(reasons).contains("stop");
      for (int i = 0; i < 10; i++) {
        JsonNode ignored =
            http.post(
                    "/v1/completions", "{\"prompt\":\"hi\",\"max_tokens\":20,\"ignore_eos\":true}")
                .json();
        assertThat(ignored.get("choices").get(0).get("finish_reason").asText()).isEqualTo("length");
        JsonNode min =
            http.post("/v1/completions", "{\"prompt\":\"hi\",\"max_tokens\":20,\"min_tokens\":8}")
                .json();
        assertThat(min.get("usage").get("completion_tokens").asInt()).isGreaterThanOrEqualTo(9);
      }
    }
  }

  @Test
  void requestsSurvivePreemptionWhenKvBlocksRunOut() {
    try (EmulatorProcess e = EmulatorProcess.start("--profile", TestProfiles.tinyKv())) {
      Http http = new Http(e);
      List<CompletableFuture<Http.Reply>> replies = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        int id = 700 + i;
        replies.add(
            CompletableFuture.supplyAsync(
                () ->
                    http.post(
                        "/v1/completions",
                        "{\"prompt\":"
                            + TestProfiles.ids(id, 300)
                            + ",\"max_tokens\":300,\"ignore_eos\":true}")));
      }
      for (CompletableFuture<Http.Reply> r : replies) {
        assertThat(r.join().json().get("usage").get("completion_tokens").asInt()).isEqualTo(300);
      }
      assertThat(http.metric("vllm:num_preemptions_total")).isPositive();
      assertThat(http.metric("vllm:kv_cache_usage_perc")).isZero();
    }
  }

  @Test
  void requestIdHeadersAreEchoedWhenEnabled() {
    try (EmulatorProcess e = EmulatorProcess.start("--enable-request-id-headers")) {
      Http http = new Http(e);
      Http.Reply r =
          http.send(
              HttpRequest.newBuilder(e.uri("/v1/completions"))
                  .header("Content-Type", "application/json")
                  .header("X-Request-Id", "rid-42")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"hi\",\"max_tokens\":1}"))
                  .build());
      assertThat(r.header("x-request-id")).isEqualTo("rid-42");
      assertThat(r.json().get("id").asText()).isEqualTo("cmpl-rid-42");
    }
  }

  @Test
  void apiKeyProtectsOnlyTheV1Routes() {
    try (EmulatorProcess e = EmulatorProcess.start("--api-key", "secret")) {
      Http http = new Http(e);
      Http.Reply denied = http.get("/v1/models");
      assertThat(denied.status()).isEqualTo(401);
      assertThat(denied.body()).isEqualTo("{\"error\":\"Unauthorized\"}");
      assertThat(http.get("/health").status()).isEqualTo(200);
      Http.Reply allowed =
          http.send(
              HttpRequest.newBuilder(e.uri("/v1/models"))
                  .header("Authorization", "Bearer secret")
                  .build());
      assertThat(allowed.status()).isEqualTo(200);
    }
  }
}
