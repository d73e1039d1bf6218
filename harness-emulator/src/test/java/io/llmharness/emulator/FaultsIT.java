package io.llmharness.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmharness.emulator.testing.EmulatorProcess;
import io.llmharness.emulator.testing.Http;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fault injection: error rate, crash, stall, drop, mid-stream error, every Nth request. */
class FaultsIT {

  private static final String STREAM = "{\"prompt\":\"hello\",\"max_tokens\":10,\"stream\":true}";

  /** Sends a raw streaming request and reads what arrives until EOF or a quiet second. */
  private static String rawStream(EmulatorProcess e, boolean expectEof) throws IOException {
    try (Socket s = new Socket("127.0.0.1", e.port())) {
      String request =
          "POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              + "Content-Length: "
              + STREAM.length()
              + "\r\n\r\n"
              + STREAM;
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      s.setSoTimeout(expectEof ? 20_000 : 1_000);
      InputStream in = s.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      try {
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          out.write(buf, 0, n);
        }
        if (!expectEof) {
          throw new AssertionError("the server closed a stalled stream:\n" + out);
        }
      } catch (SocketTimeoutException quiet) {
        if (expectEof) {
          throw new AssertionError("the server neither finished nor closed:\n" + out);
        }
      }
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private static long count(String text, String needle) {
    return text.split(java.util.regex.Pattern.quote(needle), -1).length - 1;
  }

  @Test
  void errorRateOneAnswersEveryCompletionWithA500Envelope() {
    try (EmulatorProcess e = EmulatorProcess.start("--fault-error-rate", "1")) {
      Http.Reply r = new Http(e).post("/v1/completions", "{\"prompt\":\"hi\",\"stream\":true}");
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.body())
          .isEqualTo(
              "{\"error\":{\"message\":\"Internal server error\",\"type\":\"InternalServerError\","
                  + "\"param\":null,\"code\":500}}");
      assertThat(new Http(e).get("/health").status()).isEqualTo(200);
    }
  }

  @Test
  void errorRateIsDecidedBySeedInArrivalOrder() {
    List<List<Integer>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      try (EmulatorProcess e =
          EmulatorProcess.start("--fault-error-rate", "0.5", "--fault-seed", "7")) {
        Http http = new Http(e);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          statuses.add(
              http.post("/v1/completions", "{\"prompt\":\"hi\",\"max_tokens\":1}").status());
        }
        runs.add(statuses);
      }
    }
    assertThat(runs.get(0)).isEqualTo(runs.get(1)).contains(200, 500);
  }

  @Test
  void crashAfterHaltsTheProcessOnTheNextCompletionRequest() {
    try (EmulatorProcess e = EmulatorProcess.start("--fault-crash-after", "2")) {
      Http http = new Http(e);
      assertThat(http.post("/v1/completions", "{\"prompt\":\"hi\",\"max_tokens\":1}").status())
          .isEqualTo(200);
      assertThat(http.post("/v1/completions", "{\"prompt\":\"hi\",\"max_tokens\":1}").status())
          .isEqualTo(200);
      assertThat(http.get("/health").status()).isEqualTo(200);
      assertThatThrownBy(() -> http.post("/v1/completions", "{\"prompt\":\"hi\",\"max_tokens\":1}"))
          .isInstanceOf(UncheckedIOException.class);
      assertThat(e.awaitExit(Duration.ofSeconds(20))).isEqualTo(1);
    }
  }

  @Test
  void stallAfterKeepsTheConnectionOpenAndSendsNothingMore() throws IOException {
    try (EmulatorProcess e = EmulatorProcess.start("--fault-stall-after", "3")) {
      String received = rawStream(e, false);
      assertThat(count(received, "data: {")).isEqualTo(3);
      assertThat(received).doesNotContain("[DONE]");
    }
  }

  @Test
  void dropAfterClosesTheConnectionWithoutDone() throws IOException {
    try (EmulatorProcess e = EmulatorProcess.start("--fault-drop-after", "3")) {
      String received = rawStream(e, true);
      assertThat(count(received, "data: {")).isEqualTo(3);
      assertThat(received).doesNotContain("[DONE]");
      assertThat(new Http(e).get("/health").status()).isEqualTo(200);
    }
  }

  @Test
  void errorEventAfterWritesVllmsMidStreamErrorThenDone() {
    try (EmulatorProcess e = EmulatorProcess.start("--fault-error-event-after", "2")) {
      Http.Stream s = new Http(e).stream("/v1/completions", STREAM);
      List<String> data = s.data();
      assertThat(data).hasSize(4);
      assertThat(data.get(2))
          .isEqualTo(
              "{\"error\": {\"message\": \"Internal server error\", \"type\": \"InternalServerError\","
                  + " \"param\": null, \"code\": 500}}");
      assertThat(data.get(3)).isEqualTo("[DONE]");
    }
  }

  @Test
  void faultEveryHitsOnlyEveryNthRequest() {
    try (EmulatorProcess e =
        EmulatorProcess.start("--fault-error-event-after", "0", "--fault-every", "2")) {
      Http http = new Http(e);
      List<Boolean> failed = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        failed.add(http.stream("/v1/completions", STREAM).data().get(0).startsWith("{\"error\""));
      }
      assertThat(failed).containsExactly(false, true, false, true);
    }
  }

  @Test
  void sseTimestampsPrecedeEveryDataEventWithComparableClocks() {
    try (EmulatorProcess e = EmulatorProcess.start("--sse-timestamps")) {
      long before = System.nanoTime();
      Http.Stream s =
          new Http(e)
              .stream("/v1/completions", "{\"prompt\":\"hi\",\"max_tokens\":3,\"stream\":true}");
      long after = System.nanoTime();
      List<String> lines =
          s.lines().stream().map(Http.Line::text).filter(l -> !l.isEmpty()).toList();
      assertThat(lines).hasSize(8);
      for (int i = 0; i < lines.size(); i += 2) {
        assertThat(lines.get(i)).matches(": emitted_ns=-?\\d+ intended_ns=-?\\d+");
        assertThat(lines.get(i + 1)).startsWith("data: ");
        String[] parts = lines.get(i).split("[ =]");
        long emitted = Long.parseLong(parts[2]);
        long intended = Long.parseLong(parts[4]);
        // System.nanoTime is CLOCK_MONOTONIC on Linux: comparable across processes of the host.
        assertThat(emitted).isBetween(before, after);
        assertThat(emitted).isGreaterThanOrEqualTo(intended);
      }
    }
  }
}
