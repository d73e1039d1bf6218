package io.llmharness.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.client.InferenceClient;
import io.llmharness.client.MetricsSnapshot;
import io.llmharness.results.ErrorCause;
import io.llmharness.results.RequestRecord;
import io.llmharness.runner.internal.ScenarioExecutor;
import io.llmharness.scenario.ScenarioOptions;
import io.llmharness.scenario.ScenarioSpec;
import io.llmharness.scenario.Scenarios;
import io.llmharness.scenario.StageLadder;
import io.llmharness.server.RunningDeployment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The measuring path end to end against emulator processes started by the supervisor. */
class ScenarioExecutorIT {

  private static ScenarioSpec spec(ScenarioOptions.Builder b) {
    return Scenarios.resolve(b.build(), "it", StageLadder.DEFAULT).get(0);
  }

  private static ScenarioRun run(
      EmulatedServers servers, ScenarioSpec spec, List<RequestRecord> sink) {
    RunningDeployment d = servers.serve(spec);
    try (InferenceClient client = new InferenceClient(d.target())) {
      return new ScenarioExecutor(client, ProgressListener.NONE, sink::add).execute(spec);
    }
  }

  /** The one measured request of a scenario without warmup, on an emulator with {@code faults}. */
  private static RequestRecord oneRequest(ScenarioOptions.Builder options, String... faults) {
    ScenarioSpec spec = spec(options.warmup(0).iterations(1));
    try (EmulatedServers servers = new EmulatedServers("fast", faults)) {
      return run(servers, spec, new CopyOnWriteArrayList<>()).measured().get(0);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4096, 20000, 100000})
  void everyRequestHasExactlyTheTargetPromptTokensAsTheServerCountsThem(int tokens) {
    ScenarioSpec spec =
        spec(
            ScenarioOptions.builder()
                .promptTokens(tokens)
                .maxTokens(4)
                .warmup(1)
                .iterations(2)
                .prefixCache(false));
    try (EmulatedServers servers = new EmulatedServers("fast")) {
      ScenarioRun r = run(servers, spec, new CopyOnWriteArrayList<>());

      assertThat(r.measured())
          .hasSize(2)
          .allSatisfy(
              rec -> {
                assertThat(rec.error()).isEmpty();
                assertThat(rec.promptTokens()).hasValue(tokens);
                assertThat(rec.completionTokens()).hasValue(4);
              });
      assertThat(r.promptLengthMismatches()).isEmpty();
    }
  }

  @Test
  void chatPromptsCountTheTemplateAndStillHaveExactlyTheTargetTokens() {
    ScenarioSpec spec =
        spec(
            ScenarioOptions.builder()
                .endpoint(io.llmharness.scenario.Endpoint.CHAT)
                .promptTokens(2000)
                .maxTokens(3)
                .warmup(0)
                .iterations(2)
                .prefixCache(false));
    try (EmulatedServers servers = new EmulatedServers("fast")) {
      ScenarioRun r = run(servers, spec, new CopyOnWriteArrayList<>());

      assertThat(r.chatTemplateOverhead().orElseThrow()).isPositive();
      assertThat(r.measured())
          .allSatisfy(
              rec -> {
                assertThat(rec.error()).isEmpty();
                assertThat(rec.promptTokens()).hasValue(2000);
              });
    }
  }

  @Test
  void everyRecordReachesTheSinkAsItCompletes() {
    ScenarioSpec spec =
        spec(
            ScenarioOptions.builder()
                .promptTokens(512)
                .maxTokens(3)
                .warmup(2)
                .iterations(3)
                .concurrency(2));
    List<RequestRecord> sink = new CopyOnWriteArrayList<>();
    try (EmulatedServers servers = new EmulatedServers("fast")) {
      ScenarioRun r = run(servers, spec, sink);

      assertThat(sink).hasSize(8).containsAll(r.warmup()).containsAll(r.measured());
      assertThat(r.serverVersion()).hasValueSatisfying(v -> assertThat(v).contains("emulator"));
    }
  }

  @Test
  void everyRequestIsStampedInOrderFromTheHandOffToTheEnd() {
    RequestRecord rec = oneRequest(ScenarioOptions.builder().promptTokens(512).maxTokens(5));

    assertThat(rec.error()).isEmpty();
    long[] stamps = {
      rec.sentNanos(),
      rec.headersNanos().orElseThrow(),
      rec.firstByteNanos().orElseThrow(),
      rec.firstTokenNanos().orElseThrow(),
      rec.contentEventNanos()[4],
      rec.endNanos().orElseThrow()
    };
    assertThat(stamps).as("sent, headers, first byte, first token, last content, end").isSorted();
  }

  @Test
  void aStalledStreamTimesOutAndIsRecordedAsATimeout() {
    RequestRecord rec =
        oneRequest(
            ScenarioOptions.builder()
                .promptTokens(256)
                .maxTokens(20)
                .requestTimeout(Duration.ofSeconds(2)),
            "--fault-stall-after",
            "3");

    assertThat(rec.error())
        .hasValueSatisfying(e -> assertThat(e.cause()).isEqualTo(ErrorCause.TIMEOUT));
    assertThat(rec.contentEventNanos()).hasSize(3);
  }

  @Test
  void anErrorEventMidStreamIsRecordedWithItsCode() {
    RequestRecord rec =
        oneRequest(
            ScenarioOptions.builder().promptTokens(256).maxTokens(20),
            "--fault-error-event-after",
            "2");

    assertThat(rec.error())
        .hasValueSatisfying(e -> assertThat(e.cause()).isEqualTo(ErrorCause.ERROR_EVENT));
    assertThat(rec.contentEventNanos()).hasSize(2);
  }

  @Test
  void aDroppedConnectionIsRecordedAsAFailureNotASuccess() {
    RequestRecord rec =
        oneRequest(
            ScenarioOptions.builder().promptTokens(256).maxTokens(20), "--fault-drop-after", "4");

    assertThat(rec.succeeded()).isFalse();
    assertThat(rec.error().orElseThrow().cause())
        .isIn(ErrorCause.INCOMPLETE_STREAM, ErrorCause.CONNECTION_FAILED);
  }

  @Test
  void serverErrorsAreRecordedWithStatusAndEnvelopeMessage() {
    ScenarioSpec spec =
        spec(ScenarioOptions.builder().promptTokens(128).maxTokens(2).warmup(0).iterations(3));
    try (EmulatedServers servers = new EmulatedServers("fast", "--fault-error-rate", "1")) {
      List<RequestRecord> measured = run(servers, spec, new CopyOnWriteArrayList<>()).measured();

      assertThat(measured)
          .hasSize(3)
          .allSatisfy(
              rec -> {
                assertThat(rec.error().orElseThrow().cause()).isEqualTo(ErrorCause.HTTP_STATUS);
                assertThat(rec.error().orElseThrow().httpStatus()).hasValue(500);
              });
    }
  }

  @Test
  void prefixCacheOnShowsHitsInMetricsAndOffShowsNone() {
    ScenarioOptions.Builder options =
        ScenarioOptions.builder().promptTokens(2048).maxTokens(2).warmup(1).iterations(4);
    ScenarioSpec on = spec(options.prefixCache(true));
    ScenarioSpec off = spec(options.prefixCache(false));
    try (EmulatedServers servers = new EmulatedServers("fast")) {
      ScenarioRun cached = run(servers, on, new CopyOnWriteArrayList<>());
      ScenarioRun uncached = run(servers, off, new CopyOnWriteArrayList<>());

      assertThat(hits(cached)).isGreaterThan(0.9 * 4 * 2048 * 0.95);
      assertThat(hits(uncached)).isZero();
    }
  }

  private static double hits(ScenarioRun r) {
    return r.metricsAfter().sum("vllm:prefix_cache_hits_total").orElseThrow()
        - r.metricsBefore().sum("vllm:prefix_cache_hits_total").orElseThrow();
  }

  @Test
  void theLastMeasuredRequestMeetsFullConcurrencyAndTheCooldownIsAbortedAfterIt() {
    // One request at a time on the server, four workers: while the last measured request runs, the
    // three workers without measured requests left keep three cooldown requests queued behind it
    // (a draining run would leave it alone); when it finishes they are cancelled, and the server
    // aborts them instead of serving them to the end.
    ScenarioSpec spec =
        spec(
            ScenarioOptions.builder()
                .promptTokens(256)
                .maxTokens(40)
                .warmup(0)
                .iterations(2)
                .concurrency(4));
    List<RequestRecord> sink = new CopyOnWriteArrayList<>();
    try (EmulatedServers servers = new EmulatedServers("fast", "--max-num-seqs", "1")) {
      RunningDeployment d = servers.serve(spec);
      ScenarioRun r;
      try (InferenceClient client = new InferenceClient(d.target())) {
        MetricsSnapshot start = client.metrics(); // after the emulated target's warm-up requests
        r = new ScenarioExecutor(client, ProgressListener.NONE, sink::add).execute(spec);
        assertThat(sink).hasSize(8).containsExactlyInAnyOrderElementsOf(r.measured());
        assertThat(r.measured()).allSatisfy(m -> assertThat(m.error()).isEmpty());
        assertThat(r.measured()).allSatisfy(m -> assertThat(m.requestId()).contains("-m"));

        assertThat(finished(r.metricsAfter(), "length") - finished(r.metricsBefore(), "length"))
            .as("the deltas' requests served to max_tokens: the measured ones")
            .isEqualTo(8);
        assertThat(finished(r.metricsAfter(), "abort") - finished(r.metricsBefore(), "abort"))
            .as("the deltas end before the cooldown is cancelled: no abort in them")
            .isZero();
        MetricsSnapshot settled = awaitIdle(client);
        assertThat(finished(settled, "abort") - finished(start, "abort"))
            .as("requests the server aborted later: the cancelled cooldown")
            .isEqualTo(3);
        assertThat(finished(settled, "length") - finished(start, "length"))
            .as("requests served to max_tokens in the end: still only the measured ones")
            .isEqualTo(8);
      }
    }
  }

  /** {@code vllm:request_success_total} of one {@code finished_reason}. */
  private static double finished(MetricsSnapshot m, String reason) {
    return m.samples().entrySet().stream()
        .filter(e -> e.getKey().startsWith("vllm:request_success_total{"))
        .filter(e -> e.getKey().contains("finished_reason=\"" + reason + "\""))
        .mapToDouble(java.util.Map.Entry::getValue)
        .sum();
  }

  /** Metrics once nothing runs or waits on the server (polled for at most 30 s). */
  private static MetricsSnapshot awaitIdle(InferenceClient client) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    MetricsSnapshot m = client.metrics();
    while (m.sum("vllm:num_requests_running").orElseThrow()
                + m.sum("vllm:num_requests_waiting").orElseThrow()
            > 0
        && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      m = client.metrics();
    }
    return m;
  }

  @Test
  void aScenarioStartsOnlyOnceTheRequestsLeftOnTheServerHaveLeftTheEngine() throws Exception {
    // A 20,000-token prefill is one step of about 2.4 s on the 32B profile. Its client leaves
    // while the step runs; the server keeps it until the step ends (as vLLM does). A scenario
    // started then must wait, or its first request queues behind that step.
    ScenarioSpec spec =
        spec(
            ScenarioOptions.builder()
                .promptTokens(64)
                .maxTokens(2)
                .warmup(0)
                .iterations(1)
                .maxNumBatchedTokens(32768));
    List<String> notes = new CopyOnWriteArrayList<>();
    ProgressListener progress =
        new ProgressListener() {
          @Override
          public void note(ScenarioSpec s, String message) {
            notes.add(message);
          }
        };
    try (EmulatedServers servers = new EmulatedServers("qwen2.5-32b-tp4-g7e")) {
      RunningDeployment d = servers.serve(spec);
      try (InferenceClient client = new InferenceClient(d.target())) {
        leaveMidPrefill(d.target(), spec.model(), 20000, client);
        ScenarioRun r =
            new ScenarioExecutor(client, progress, new CopyOnWriteArrayList<>()::add).execute(spec);

        assertThat(notes).singleElement().asString().startsWith("waited ");
        assertThat(r.metricsBefore().sum("vllm:num_requests_running"))
            .as("nothing else runs when the first measured request is sent")
            .hasValue(0);
        assertThat(finished(r.metricsBefore(), "abort"))
            .as("the abandoned request left the engine before the scenario started")
            .isEqualTo(1);
        assertThat(r.measured()).singleElement().satisfies(m -> assertThat(m.error()).isEmpty());
      }
    }
  }

  /**
   * Streams a {@code tokens}-token prompt to {@code target} and closes the connection once the
   * server runs it.
   */
  private static void leaveMidPrefill(
      java.net.URI target, String model, int tokens, InferenceClient metrics) throws Exception {
    StringBuilder ids = new StringBuilder();
    for (int i = 0; i < tokens; i++) {
      ids.append(i == 0 ? "" : ",").append(1000 + i % 5000);
    }
    String body =
        "{\"model\":\"" + model + "\",\"prompt\":[" + ids + "],\"max_tokens\":10,\"stream\":true}";
    try (java.net.Socket socket = new java.net.Socket(target.getHost(), target.getPort())) {
      socket
          .getOutputStream()
          .write(
              ("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      + "Content-Length: "
                      + body.length()
                      + "\r\n\r\n"
                      + body)
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (metrics.metrics().sum("vllm:num_requests_running").orElse(0) < 1
          && System.nanoTime() < deadline) {
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
      }
      assertThat(metrics.metrics().sum("vllm:num_requests_running")).hasValue(1);
    }
  }

  @Test
  void openLoopLatencyIncludesQueueingWhenTheServerIsSaturated() {
    // One request at a time on the server, 12 arrivals within ~12 ms, each needing ~60 decode
    // steps: request k waits for the k before it, so TTFT from the schedule grows along the run
    // to about 11 service times. Closed-loop load could never show this (coordinated omission).
    ScenarioSpec spec =
        spec(
            ScenarioOptions.builder()
                .promptTokens(256)
                .maxTokens(60)
                .warmup(0)
                .iterations(12)
                .requestRate(1000));
    try (EmulatedServers servers = new EmulatedServers("fast", "--max-num-seqs", "1")) {
      List<RequestRecord> byIndex =
          run(servers, spec, new CopyOnWriteArrayList<>()).measured().stream()
              .sorted(java.util.Comparator.comparingInt(RequestRecord::index))
              .toList();

      assertThat(byIndex).allSatisfy(r -> assertThat(r.error()).isEmpty());
      // A request's own decode time (E2E − TTFT) does not include queueing: each request spends
      // at least that long on the server, so the last one waits at least 11 of them.
      long decode =
          byIndex.stream()
              .mapToLong(r -> r.e2eNanos().orElseThrow() - r.ttftNanos().orElseThrow())
              .sorted()
              .toArray()[byIndex.size() / 2];
      long lastWaited = byIndex.get(11).ttftFromScheduleNanos().orElseThrow();
      assertThat(lastWaited)
          .as("TTFT from schedule of the last request vs the median decode time %d ns", decode)
          .isGreaterThan(5 * decode);
      assertThat(byIndex)
          .allSatisfy(
              r ->
                  assertThat(r.ttftFromScheduleNanos().orElseThrow())
                      .isGreaterThanOrEqualTo(r.ttftNanos().orElseThrow()));
    }
  }
}
