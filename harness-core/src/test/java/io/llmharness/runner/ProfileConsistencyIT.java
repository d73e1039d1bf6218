package io.llmharness.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmharness.client.InferenceClient;
import io.llmharness.results.RequestRecord;
import io.llmharness.runner.internal.ScenarioExecutor;
import io.llmharness.scenario.ScenarioOptions;
import io.llmharness.scenario.ScenarioSpec;
import io.llmharness.scenario.Scenarios;
import io.llmharness.scenario.StageLadder;
import io.llmharness.server.RunningDeployment;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The harness measures what the emulator's profile says it should: TTFT and TPOT of lone requests
 * predicted from the profile's latency model (harness-emulator README, "Latency model and
 * scheduler") agree with the measured ones within a relative tolerance that leaves room for HTTP
 * and scheduling overhead; and the harness's TTFT, first byte, end and TPOT agree with the
 * emulator's emission stamps without any tolerance ({@link #assertCausal}). Uses the realistic
 * qwen2.5-32b-tp4-g7e profile with a short prompt.
 */
class ProfileConsistencyIT {
  private static final int PROMPT = 8000;
  private static final int OUTPUT = 12;
  private static final int CHUNK = 8192;

  @Test
  void ttftAndTpotOfLoneRequestsMatchTheProfilesLatencyModel() throws IOException {
    JsonNode latency = profile("qwen2.5-32b-tp4-g7e").path("latency");
    double overhead = latency.path("step_overhead_ms").asDouble();
    double floor = latency.path("forward_floor_ms").asDouble();
    double[] poly = new double[latency.path("prefill_ms_polynomial").size()];
    for (int i = 0; i < poly.length; i++) {
      poly[i] = latency.path("prefill_ms_polynomial").get(i).asDouble();
    }
    double ttft = 0;
    for (int s = 0; s < PROMPT; s += CHUNK) {
      int e = Math.min(PROMPT, s + CHUNK);
      ttft += overhead + Math.max(floor, p(poly, e) - p(poly, s));
    }
    double predictedTtft = ttft;
    double predictedTpot =
        overhead
            + floor
            + latency.path("decode_ms_per_seq").asDouble()
            + latency.path("decode_ms_per_1k_context").asDouble() * (PROMPT + OUTPUT / 2.0) / 1000;

    ScenarioSpec spec =
        Scenarios.resolve(
                ScenarioOptions.builder()
                    .model("Qwen/Qwen2.5-32B-Instruct")
                    .promptTokens(PROMPT)
                    .maxTokens(OUTPUT)
                    .maxNumBatchedTokens(CHUNK)
                    .warmup(1)
                    .iterations(3)
                    .prefixCache(false)
                    .build(),
                "profile",
                StageLadder.DEFAULT)
            .get(0);
    try (EmulatedServers servers = new EmulatedServers("qwen2.5-32b-tp4-g7e", "--sse-timestamps")) {
      RunningDeployment d = servers.serve(spec);
      List<RequestRecord> measured;
      try (InferenceClient client = new InferenceClient(d.target())) {
        measured =
            new ScenarioExecutor(client, ProgressListener.NONE, new CopyOnWriteArrayList<>()::add)
                .execute(spec)
                .measured();
      }

      assertThat(measured)
          .hasSize(3)
          .allSatisfy(
              r -> {
                long[] seen = r.contentEventNanos();
                long[][] stamps = stamps(r.sseComments());
                long[] emitted = stamps[0];
                long[] intended = stamps[1];
                double scheduledTtft = (intended[0] - r.sentNanos()) / 1e6;
                double scheduledTpot = (intended[OUTPUT - 1] - intended[0]) / 1e6 / (OUTPUT - 1);
                assertThat(scheduledTtft)
                    .as(
                        "TTFT of %s as the engine scheduled it, predicted %.1f ms",
                        r.requestId(), predictedTtft)
                    .isCloseTo(predictedTtft, within(0.10 * predictedTtft));
                assertThat(scheduledTpot)
                    .as(
                        "TPOT of %s as the engine scheduled it, predicted %.2f ms",
                        r.requestId(), predictedTpot)
                    .isCloseTo(predictedTpot, within(0.10 * predictedTpot));
                for (int i = 0; i < OUTPUT; i++) {
                  assertThat(emitted[i])
                      .as("event %d written no earlier than due", i)
                      .isGreaterThanOrEqualTo(intended[i]);
                  assertThat(seen[i])
                      .as("event %d seen no earlier than written", i)
                      .isGreaterThanOrEqualTo(emitted[i]);
                }
                assertCausal(r, emitted);
              });
    }
  }

  /**
   * The harness's own metrics against the emulator's emission stamps, on the host's one monotonic
   * clock, without any tolerance: nothing is read before it was written, so TTFT is at least the
   * server's delay to its first write, the first body byte lies between that write and the first
   * token read, and TPOT lies between the emitted TPOT minus the first token's delivery time and
   * plus the {@code [DONE]}'s (both measured here, per request). This checks which event is the
   * first token, which the end, and that TPOT divides by usage's {@code completion_tokens − 1}. An
   * upper bound on the harness's overhead cannot be had without a threshold; BENCHMARKS.md measures
   * it instead.
   */
  private static void assertCausal(RequestRecord r, long[] emitted) {
    assertThat(r.sseComments())
        .as("a stamp per token chunk, the usage chunk and [DONE]")
        .hasSize(OUTPUT + 2);
    long firstWrite = emitted[0];
    long lastWrite = emitted[OUTPUT - 1];
    assertThat(emitted[OUTPUT + 1])
        .as("the last token and [DONE] are one write")
        .isEqualTo(lastWrite);
    long firstToken = r.firstTokenNanos().orElseThrow();
    long end = r.endNanos().orElseThrow();
    assertThat(firstToken).isEqualTo(r.contentEventNanos()[0]);
    assertThat(r.ttftNanos().orElseThrow())
        .as("TTFT of %s vs the emulator's delay to its first write", r.requestId())
        .isGreaterThanOrEqualTo(firstWrite - r.sentNanos());
    assertThat(r.firstByteNanos().orElseThrow())
        .as("first body byte of %s: after the first write, by the first token", r.requestId())
        .isBetween(firstWrite, firstToken);
    assertThat(end)
        .as("[DONE] of %s seen no earlier than written", r.requestId())
        .isGreaterThanOrEqualTo(lastWrite);
    int gaps = r.completionTokens().orElseThrow() - 1;
    assertThat(gaps).isEqualTo(OUTPUT - 1);
    // (lastWrite − firstWrite) / gaps is the emitted TPOT; firstToken − firstWrite and
    // end − lastWrite are this request's delivery times of its first token and of [DONE].
    assertThat(r.tpotNanos().orElseThrow())
        .as("TPOT of %s within its measured delivery times of the emitted TPOT", r.requestId())
        .isBetween((double) (lastWrite - firstToken) / gaps, (double) (end - firstWrite) / gaps);
  }

  /** emitted_ns and intended_ns of each event (completions: one comment per data event). */
  private static long[][] stamps(List<String> comments) {
    long[] emitted = new long[comments.size()];
    long[] intended = new long[comments.size()];
    for (int i = 0; i < comments.size(); i++) {
      for (String part : comments.get(i).split(" ")) {
        if (part.startsWith("emitted_ns=")) {
          emitted[i] = Long.parseLong(part.substring("emitted_ns=".length()));
        } else if (part.startsWith("intended_ns=")) {
          intended[i] = Long.parseLong(part.substring("intended_ns=".length()));
        }
      }
    }
    return new long[][] {emitted, intended};
  }

  private static double p(double[] coefficients, int n) {
    double sum = 0;
    double power = n;
    for (double c : coefficients) {
      sum += c * power;
      power *= n;
    }
    return sum;
  }

  private static JsonNode profile(String name) throws IOException {
    try (InputStream in =
        ProfileConsistencyIT.class.getResourceAsStream(
            "/io/llmharness/emulator/profiles/" + name + ".json")) {
      return new ObjectMapper().readTree(in);
    }
  }
}
