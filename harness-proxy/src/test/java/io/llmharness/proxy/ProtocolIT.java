package io.llmharness.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmharness.proxy.testing.Emulator;
import io.llmharness.proxy.testing.HttpWire;
import io.llmharness.proxy.testing.ProxyProcess;
import io.llmharness.proxy.testing.RawHttp;
import io.llmharness.proxy.testing.Sse;
import io.llmharness.proxy.testing.TcpTap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The P/D protocol on the wire: two emulator processes (prefill, decode) and the proxy process,
 * with a recording TCP relay in front of each emulator, so the tests compare what the proxy sent
 * and received with what the client got, byte for byte. The decode emulator adds its own SSE
 * comment lines ({@code --sse-timestamps}), which must pass through untouched too.
 */
class ProtocolIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Emulator prefill;
  private static Emulator decode;
  private static TcpTap prefillTap;
  private static TcpTap decodeTap;
  private static ProxyProcess proxy;

  @BeforeAll
  static void start() {
    prefill = Emulator.pd(Emulator.TCP);
    decode = Emulator.pd(Emulator.TCP, "--sse-timestamps");
    prefillTap = new TcpTap(prefill.port());
    decodeTap = new TcpTap(decode.port());
    proxy =
        ProxyProcess.start(
            "http://127.0.0.1:" + prefillTap.port(), "http://127.0.0.1:" + decodeTap.port());
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {proxy, prefillTap, decodeTap, prefill, decode}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // keep closing the rest
      }
    }
  }

  private static HttpWire.Message send(String path, String body, String requestId) {
    try (RawHttp c = RawHttp.connect(proxy.port(), Duration.ofSeconds(60))) {
      return c.send(
          "POST",
          path,
          Map.of("Content-Type", "application/json", "X-Request-Id", requestId),
          body);
    }
  }

  /** The exchange (request, response) a tap saw for {@code requestId}. */
  private static Optional<HttpWire.Message[]> seen(TcpTap tap, String requestId) {
    for (TcpTap.Connection c : tap.connections()) {
      List<HttpWire.Message> requests = c.requests();
      List<HttpWire.Message> responses = c.responses();
      for (int i = 0; i < requests.size() && i < responses.size(); i++) {
        if (requestId.equals(requests.get(i).header("x-request-id"))) {
          return Optional.of(new HttpWire.Message[] {requests.get(i), responses.get(i)});
        }
      }
    }
    return Optional.empty();
  }

  private static String id() {
    return "it-" + UUID.randomUUID();
  }

  private static final String COMPLETION =
      "{\"model\":\"m\",\"prompt\":\"The quick brown fox jumps over the lazy dog\","
          + "\"max_tokens\":12,\"stream\":true,\"temperature\":0,\"seed\":7}";

  @Test
  void streamedBodyIsTheDecodeServersBodyWithTheTimingCommentsBeforeDone() {
    String rid = id();
    HttpWire.Message response = send("/v1/completions", COMPLETION, rid);
    assertThat(response.status()).isEqualTo(200);
    HttpWire.Message[] atDecode = seen(decodeTap, rid).orElseThrow();
    String fromDecode = atDecode[1].text();
    String toClient = response.text();

    assertThat(fromDecode).contains(": emitted_ns=").endsWith("data: [DONE]\n\n");
    assertThat(Sse.withoutProxyComments(toClient)).isEqualTo(fromDecode);
    int done = fromDecode.lastIndexOf("data: [DONE]");
    String inserted = toClient.substring(done, toClient.length() - (fromDecode.length() - done));
    assertThat(inserted).matches(Sse.PROXY_COMMENTS.pattern());
    assertThat(inserted).startsWith(": proxy_decode_first_token_time=");
  }

  @Test
  void chatStreamWithUsageIsPassedThroughByteForByte() {
    String rid = id();
    String body =
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Say something\"}],"
            + "\"max_completion_tokens\":9,\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true},\"seed\":3}";
    HttpWire.Message response = send("/v1/chat/completions", body, rid);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("content-type")).startsWith("text/event-stream");
    String fromDecode = seen(decodeTap, rid).orElseThrow()[1].text();
    assertThat(fromDecode).contains("\"usage\":{\"prompt_tokens\"");
    assertThat(Sse.withoutProxyComments(response.text())).isEqualTo(fromDecode);
  }

  @Test
  void nonStreamingBodyIsForwardedWhole() {
    String rid = id();
    String body = "{\"model\":\"m\",\"prompt\":\"Hello there\",\"max_tokens\":7,\"seed\":1}";
    HttpWire.Message response = send("/v1/completions", body, rid);
    assertThat(response.status()).isEqualTo(200);
    byte[] fromDecode = seen(decodeTap, rid).orElseThrow()[1].body();
    assertThat(response.body()).isEqualTo(fromDecode);
    assertThat(response.header(ProxyHeaders.DECODE_TIME)).matches("\\d+\\.\\d{2}");
    assertThat(response.header(ProxyHeaders.TOTAL_TIME)).matches("\\d+\\.\\d{2}");
  }

  @Test
  void prefillCallIsTheClientBodyCutToOneNonStreamedToken() throws Exception {
    String rid = id();
    String body =
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
            + "\"max_completion_tokens\":50,\"max_tokens\":50,\"min_tokens\":5,\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true},\"temperature\":0.5}";
    assertThat(send("/v1/chat/completions", body, rid).status()).isEqualTo(200);
    HttpWire.Message atPrefill = seen(prefillTap, rid).orElseThrow()[0];
    ObjectNode sent = (ObjectNode) JSON.readTree(atPrefill.body());

    ObjectNode expected = (ObjectNode) JSON.readTree(body);
    expected.put("max_completion_tokens", 1);
    expected.put("max_tokens", 1);
    expected.put("min_tokens", 1);
    expected.put("stream", false);
    expected.remove("stream_options");
    expected.set(
        "kv_transfer_params",
        JSON.readTree(
            "{\"do_remote_decode\":true,\"do_remote_prefill\":false,\"remote_engine_id\":null,"
                + "\"remote_block_ids\":null,\"remote_host\":null,\"remote_port\":null}"));
    assertThat(sent).isEqualTo(expected);
    assertThat(atPrefill.startLine()).isEqualTo("POST /v1/chat/completions HTTP/1.1");
  }

  @Test
  void decodeCallIsTheClientBytesPlusThePrefillServersKvTransferParams() throws Exception {
    String rid = id();
    assertThat(send("/v1/completions", COMPLETION, rid).status()).isEqualTo(200);
    JsonNode fromPrefill = JSON.readTree(seen(prefillTap, rid).orElseThrow()[1].body());
    JsonNode params = fromPrefill.get("kv_transfer_params");
    assertThat(params.path("do_remote_prefill").asBoolean()).isTrue();

    byte[] sent = seen(decodeTap, rid).orElseThrow()[0].body();
    String expected =
        COMPLETION.substring(0, COMPLETION.length() - 1)
            + ",\"kv_transfer_params\":"
            + JSON.writeValueAsString(params)
            + "}";
    assertThat(new String(sent, StandardCharsets.UTF_8)).isEqualTo(expected);
  }

  @Test
  void bothCallsCarryTheClientsRequestId() {
    String rid = id();
    HttpWire.Message response = send("/v1/completions", COMPLETION, rid);
    assertThat(seen(prefillTap, rid)).isPresent();
    assertThat(seen(decodeTap, rid)).isPresent();
    assertThat(response.header("x-request-id")).isEqualTo(rid);
  }

  @Test
  void aGeneratedRequestIdIsTheSameOnBothCalls() {
    HttpWire.Message response = RawHttp.post(proxy.port(), "/v1/completions", COMPLETION);
    String rid = response.header("x-request-id");
    assertThat(rid).matches("[0-9a-f-]{36}");
    assertThat(seen(prefillTap, rid)).isPresent();
    assertThat(seen(decodeTap, rid)).isPresent();
  }

  @Test
  void timingHeadersAreMillisecondsWithTwoDecimals() {
    HttpWire.Message response = send("/v1/completions", COMPLETION, id());
    for (String h :
        List.of(
            ProxyHeaders.PREFILL_TIME,
            ProxyHeaders.KV_EXTRACT_TIME,
            ProxyHeaders.LENGTH_CHECK_TIME)) {
      assertThat(response.header(h)).as(h).matches("\\d+\\.\\d{2}");
    }
    assertThat(response.header(ProxyHeaders.PREFILL_PROMPT_TOKENS)).matches("\\d+");
    assertThat(response.header(ProxyHeaders.REMOTE_BLOCKS)).matches("[1-9]\\d*");
    assertThat(response.header(ProxyHeaders.PREFILL_FINISH_REASON)).isEqualTo("length");
    assertThat(Sse.proxyTimings(response.text()).keySet())
        .containsExactly(ProxyHeaders.DECODE_FIRST_TOKEN_TIME_KEY, ProxyHeaders.TOTAL_TIME_KEY);
  }

  @Test
  void upstreamConnectionsAreReusedAcrossRequests() {
    for (int i = 0; i < 5; i++) {
      send("/v1/completions", COMPLETION, id());
    }
    double before = proxy.metric("proxy_upstream_connections_opened_total{role=\"decode\"}");
    for (int i = 0; i < 10; i++) {
      send("/v1/completions", COMPLETION, id());
    }
    assertThat(proxy.metric("proxy_upstream_connections_opened_total{role=\"decode\"}"))
        .isEqualTo(before);
  }
}
