package io.llmharness.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.emulator.testing.EmulatorProcess;
import io.llmharness.emulator.testing.Http;
import io.llmharness.emulator.testing.TestProfiles;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Continuous batching: max_num_seqs bounds the running set; the rest wait; metrics follow. */
class SchedulerIT {

  @Test
  void maxNumSeqsBoundsTheRunningSetAndTheRestWait() {
    try (EmulatorProcess e =
        EmulatorProcess.start("--profile", TestProfiles.slowPrefill(), "--max-num-seqs", "2")) {
      Http http = new Http(e);
      List<CompletableFuture<Http.Reply>> replies = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int id = 500 + i;
        replies.add(
            CompletableFuture.supplyAsync(
                () ->
                    http.post(
                        "/v1/completions",
                        "{\"prompt\":" + TestProfiles.ids(id, 8) + ",\"max_tokens\":150}")));
      }
      boolean sawTwoWaiting = false;
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (!sawTwoWaiting && System.nanoTime() < deadline) {
        String metrics = http.get("/metrics").body();
        sawTwoWaiting =
            metrics.contains(
                    "vllm:num_requests_running{model_name=\"test/slow-prefill\",engine=\"0\"} 2.0")
                && metrics.contains(
                    "vllm:num_requests_waiting{model_name=\"test/slow-prefill\",engine=\"0\"} 2.0");
      }
      replies.forEach(CompletableFuture::join);
      assertThat(sawTwoWaiting).isTrue();
      assertThat(
              http.metric(
                  "vllm:request_success_total{model_name=\"test/slow-prefill\",engine=\"0\",finished_reason=\"length\"}"))
          .isEqualTo(4.0);
      assertThat(http.metric("vllm:generation_tokens_total")).isEqualTo(600.0);
      assertThat(http.metric("vllm:num_requests_running")).isZero();
    }
  }

  @Test
  void batchedRequestsShareSteps() {
    try (EmulatorProcess e = EmulatorProcess.start("--profile", TestProfiles.slowPrefill())) {
      Http http = new Http(e);
      List<CompletableFuture<Http.Stream>> streams = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int id = 600 + i;
        streams.add(
            CompletableFuture.supplyAsync(
                () ->
                    http.stream(
                        "/v1/completions",
                        "{\"prompt\":"
                            + TestProfiles.ids(id, 8)
                            + ",\"max_tokens\":100,\"stream\":true}")));
      }
      streams.forEach(CompletableFuture::join);
      // Eight requests of 100 tokens share decode steps: far fewer steps than 800 were run.
      double steps = http.metric("vllm:iteration_tokens_total_count");
      assertThat(steps).isLessThan(400.0);
      assertThat(http.metric("vllm:generation_tokens_total")).isEqualTo(800.0);
    }
  }

  @Test
  void aRequestWhoseClientLeavesMidStepStaysRunningUntilTheStepEnds() throws IOException {
    try (EmulatorProcess e =
        EmulatorProcess.start(
            "--profile", TestProfiles.slowPrefill(), "--max-num-batched-tokens", "16384")) {
      Http http = new Http(e);
      String body =
          "{\"prompt\":" + TestProfiles.ids(700, 16000) + ",\"max_tokens\":10,\"stream\":true}";
      try (Socket s = new Socket("127.0.0.1", e.port())) {
        s.getOutputStream()
            .write(
                ("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: "
                        + body.length()
                        + "\r\n\r\n"
                        + body)
                    .getBytes(StandardCharsets.US_ASCII));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (http.metric("vllm:num_requests_running") < 1 && System.nanoTime() < deadline) {
          EmulatorProcess.pause(Duration.ofMillis(5));
        }
        assertThat(http.metric("vllm:num_requests_running")).isEqualTo(1.0);
      }
      String aborted =
          "vllm:request_success_total{model_name=\"test/slow-prefill\",engine=\"0\",finished_reason=\"abort\"}";
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!(http.metric(aborted) >= 1) && System.nanoTime() < deadline) {
        EmulatorProcess.pause(Duration.ofMillis(20));
      }
      assertThat(http.metric(aborted)).isEqualTo(1.0);
      assertThat(http.metric("vllm:num_requests_running")).isZero();
      // The whole prompt is one step of 16,000 × 0.1 ms: the abort took effect at its end, as
      // vLLM's engine core applies aborts between steps, not when the client left.
      assertThat(http.metric("vllm:e2e_request_latency_seconds_sum")).isGreaterThanOrEqualTo(1.6);
    }
  }
}
