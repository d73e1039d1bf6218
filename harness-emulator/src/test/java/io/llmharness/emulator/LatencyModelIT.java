package io.llmharness.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.emulator.testing.EmulatorProcess;
import io.llmharness.emulator.testing.Http;
import io.llmharness.emulator.testing.TestProfiles;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TTFT follows the profile: a request alone takes overhead + max(floor, P(n)) per chunk. Compared
 * with the profile's own prediction with a generous relative tolerance, never a fixed threshold,
 * and on the engine's schedule ({@code --sse-timestamps}' intended times, on the host's monotonic
 * clock), so a busy machine's late deliveries do not blur the model.
 */
class LatencyModelIT {

  private static EmulatorProcess emulator;
  private static Http http;

  @BeforeAll
  static void start() {
    emulator =
        EmulatorProcess.start(
            "--profile",
            TestProfiles.slowPrefill(),
            "--no-enable-prefix-caching",
            "--max-num-batched-tokens",
            "2048",
            "--sse-timestamps");
    http = new Http(emulator);
    // Warm both JVMs' request paths (JIT) before timing anything.
    for (int i = 0; i < 5; i++) {
      http.stream(
          "/v1/completions",
          "{\"prompt\":" + TestProfiles.ids(7 + i, 1000) + ",\"max_tokens\":3,\"stream\":true}");
    }
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  /** The slow-prefill profile's prediction for n prompt tokens in chunks of 2048. */
  private static double predictedTtftMs(int n) {
    double total = 0;
    for (int s = 0; s < n; s += 2048) {
      int e = Math.min(n, s + 2048);
      total += 1.0 + Math.max(5.0, 0.1 * (e - s));
    }
    return total;
  }

  private static double ttftMs(int tokens) {
    Http.Stream s =
        http.stream(
            "/v1/completions",
            "{\"prompt\":"
                + TestProfiles.ids(100 + tokens % 1000, tokens)
                + ",\"max_tokens\":2,\"stream\":true}");
    return s.scheduledTtftNanos() / 1e6;
  }

  @Test
  void ttftGrowsWithPromptLengthAsTheProfileSays() {
    int[] sizes = {500, 2000, 6000};
    double[] measured = new double[sizes.length];
    for (int i = 0; i < sizes.length; i++) {
      measured[i] = ttftMs(sizes[i]);
      // Nothing can come earlier than the model says.
      assertThat(measured[i]).isGreaterThan(predictedTtftMs(sizes[i]) * 0.9);
    }
    // Growth between sizes follows the model; fixed costs (client, scheduling) cancel out.
    for (int i = 1; i < sizes.length; i++) {
      double predicted = predictedTtftMs(sizes[i]) - predictedTtftMs(sizes[0]);
      assertThat(measured[i] - measured[0])
          .as(
              "TTFT growth from %d to %d tokens vs predicted %.1f ms",
              sizes[0], sizes[i], predicted)
          .isBetween(predicted * 0.75, predicted * 1.5);
    }
  }

  @Test
  void aLongPrefillDelaysTheDecodeStepsOfOthersByOneChunk() throws Exception {
    CompletableFuture<Http.Stream> decoding =
        CompletableFuture.supplyAsync(
            () ->
                http.stream(
                    "/v1/completions",
                    "{\"prompt\":"
                        + TestProfiles.ids(9, 10)
                        + ",\"max_tokens\":120,\"stream\":true}"));
    // Wait until the first request decodes, then send a long prompt that prefills in 2048-chunks.
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (http.metric("vllm:num_requests_running") < 1 && System.nanoTime() < deadline) {
      EmulatorProcess.pause(java.time.Duration.ofMillis(5));
    }
    http.post(
        "/v1/completions", "{\"prompt\":" + TestProfiles.ids(11, 6000) + ",\"max_tokens\":1}");
    Http.Stream s = decoding.get();
    long maxGap = 0;
    List<Http.Line> lines = s.lines().stream().filter(l -> l.text().startsWith("data: {")).toList();
    for (int i = 1; i < lines.size(); i++) {
      maxGap = Math.max(maxGap, lines.get(i).nanos() - lines.get(i - 1).nanos());
    }
    // A step holding a full 2048-token chunk plus one decode lasts 1 + 204.8 ms; alone, 6 ms.
    assertThat(maxGap / 1e6).isBetween(205.8 * 0.9, 205.8 * 2);
  }
}
