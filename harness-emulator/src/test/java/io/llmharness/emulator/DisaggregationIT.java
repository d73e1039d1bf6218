package io.llmharness.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmharness.emulator.testing.EmulatorProcess;
import io.llmharness.emulator.testing.Http;
import io.llmharness.emulator.testing.TestProfiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * P/D through emulator processes, the test playing vLLM's toy proxy: the producer answers with
 * kv_transfer_params, the consumer pulls the blocks over the side channel in a time set by its
 * link, and failures follow kv_load_failure_policy.
 */
class DisaggregationIT {

  private static final int PROMPT_TOKENS = 2000;
  private static final String NIXL = "{\"kv_connector\":\"NixlConnector\",\"kv_role\":\"kv_both\"";

  private static EmulatorProcess producer;
  private static EmulatorProcess efaDecoder;
  private static EmulatorProcess tcpDecoder;

  @BeforeAll
  static void start() {
    producer = start("UCX", "", 1);
    efaDecoder = start("LIBFABRIC", "", 1);
    tcpDecoder = start("UCX", "", 1);
    // Warm every JVM's P/D path (JIT, first side-channel connection) before timing anything.
    for (int i = 0; i < 3; i++) {
      for (EmulatorProcess d : new EmulatorProcess[] {efaDecoder, tcpDecoder}) {
        String rid = UUID.randomUUID().toString();
        decode(d, 90 + i, prefill(producer, 90 + i, rid).get("kv_transfer_params"), rid);
      }
    }
  }

  private static EmulatorProcess start(String backend, String extra, int abortTimeout) {
    return EmulatorProcess.start(
        Map.of(
            "VLLM_NIXL_SIDE_CHANNEL_HOST", "127.0.0.1",
            "VLLM_NIXL_SIDE_CHANNEL_PORT", Integer.toString(EmulatorProcess.freePort()),
            "VLLM_NIXL_ABORT_REQUEST_TIMEOUT",
                Integer.toString(abortTimeout == 1 ? 480 : abortTimeout)),
        "--profile",
        TestProfiles.slowPrefill(),
        "--no-enable-prefix-caching",
        "-tp",
        "2",
        "--kv-transfer-config",
        NIXL + ",\"kv_connector_extra_config\":{\"backends\":[\"" + backend + "\"]}" + extra + "}");
  }

  @AfterAll
  static void stop() {
    for (EmulatorProcess p : new EmulatorProcess[] {producer, efaDecoder, tcpDecoder}) {
      if (p != null) {
        p.close();
      }
    }
  }

  private static String body(int id, boolean stream) {
    return "{\"prompt\":"
        + TestProfiles.ids(id, PROMPT_TOKENS)
        + ",\"max_tokens\":4"
        + (stream ? ",\"stream\":true" : "")
        + "}";
  }

  /** The toy proxy's prefill call: max_tokens 1, no stream, do_remote_decode. */
  private static JsonNode prefill(EmulatorProcess p, int id, String requestId) {
    ObjectNode req = (ObjectNode) Http.json(body(id, false));
    req.put("max_tokens", 1);
    req.set(
        "kv_transfer_params",
        Http.json(
            "{\"do_remote_decode\":true,\"do_remote_prefill\":false,\"remote_engine_id\":null,"
                + "\"remote_block_ids\":null,\"remote_host\":null,\"remote_port\":null}"));
    Http.Reply r =
        new Http(p)
            .send(
                java.net.http.HttpRequest.newBuilder(p.uri("/v1/completions"))
                    .header("Content-Type", "application/json")
                    .header("X-Request-Id", requestId)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(req.toString()))
                    .build());
    assertThat(r.status()).isEqualTo(200);
    return r.json();
  }

  private static Http.Stream decode(EmulatorProcess d, int id, JsonNode params, String requestId) {
    ObjectNode req = (ObjectNode) Http.json(body(id, true));
    req.set("kv_transfer_params", params);
    return new Http(d).stream("/v1/completions", req.toString(), Map.of("X-Request-Id", requestId));
  }

  @Test
  void producerAnswersLikeVllmsProducer() {
    String rid = UUID.randomUUID().toString();
    JsonNode r = prefill(producer, 1, rid);
    assertThat(r.get("choices").get(0).get("finish_reason").asText()).isEqualTo("length");
    assertThat(r.get("usage").get("completion_tokens").asInt()).isEqualTo(1);
    JsonNode params = r.get("kv_transfer_params");
    List<String> keys = new ArrayList<>();
    params.fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .containsExactly(
            "do_remote_prefill",
            "do_remote_decode",
            "remote_block_ids",
            "remote_engine_id",
            "remote_request_id",
            "remote_host",
            "remote_port",
            "tp_size");
    assertThat(params.get("do_remote_prefill").asBoolean()).isTrue();
    assertThat(params.get("remote_block_ids"))
        .hasSize(PROMPT_TOKENS / 16 + (PROMPT_TOKENS % 16 == 0 ? 0 : 1));
    assertThat(params.get("remote_block_ids").get(0).isInt()).isTrue();
    assertThat(params.get("remote_request_id").asText()).matches("cmpl-" + rid + "-0-[0-9a-f]{8}");
    assertThat(params.get("remote_host").asText())
        .isEqualTo(producer.env().get("VLLM_NIXL_SIDE_CHANNEL_HOST"));
    assertThat(params.get("remote_port").isInt()).isTrue();
    assertThat(params.get("remote_port").asText())
        .isEqualTo(producer.env().get("VLLM_NIXL_SIDE_CHANNEL_PORT"));
    assertThat(params.get("tp_size").asInt()).isEqualTo(2);
    assertThat(new Http(producer).metric("vllm:kv_cache_usage_perc")).isPositive();
  }

  @Test
  void decoderPullsTheBlocksAndTheProducerFreesThem() {
    String rid = UUID.randomUUID().toString();
    JsonNode params = prefill(producer, 2, rid).get("kv_transfer_params");
    Http p = new Http(producer);
    double pinned = p.metric("vllm:kv_cache_usage_perc");
    Http.Stream s = decode(efaDecoder, 2, params, rid);
    assertThat(s.status()).isEqualTo(200);
    assertThat(s.chunks()).hasSize(4);
    Http d = new Http(efaDecoder);
    assertThat(d.metric("vllm:nixl_bytes_transferred_sum")).isGreaterThan(0);
    assertThat(d.metric("vllm:nixl_num_failed_transfers_total")).isZero();
    // 125 of the producer's 25,000 blocks are released once the decoder has read them.
    double released = pinned - 125 / 25_000.0;
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (p.metric("vllm:kv_cache_usage_perc") > released + 1e-9 && System.nanoTime() < deadline) {
      EmulatorProcess.pause(Duration.ofMillis(20));
    }
    assertThat(p.metric("vllm:kv_cache_usage_perc")).isLessThanOrEqualTo(released + 1e-9);
  }

  @Test
  void efaIsFasterThanTcpForTheSamePromptByTheLinkBandwidths() {
    // 2000 tokens -> 125 blocks of 16 x 256 KiB/token = 524,288,000 bytes.
    double bytes = 125 * 16 * 262_144.0;
    double predictedEfaMs = bytes * 8 / 100e9 * 1000 + 1;
    double predictedTcpMs = bytes * 8 / 8e9 * 1000 + 1;
    // The least of three samples each: contention on a shared machine only ever adds time.
    long efa = Long.MAX_VALUE;
    long tcp = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      String ridEfa = UUID.randomUUID().toString();
      JsonNode forEfa = prefill(producer, 3, ridEfa).get("kv_transfer_params");
      efa = Math.min(efa, decode(efaDecoder, 3, forEfa, ridEfa).ttftNanos());
      String ridTcp = UUID.randomUUID().toString();
      JsonNode forTcp = prefill(producer, 3, ridTcp).get("kv_transfer_params");
      tcp = Math.min(tcp, decode(tcpDecoder, 3, forTcp, ridTcp).ttftNanos());
    }
    double differenceMs = (tcp - efa) / 1e6;
    assertThat(differenceMs)
        .isBetween(
            (predictedTcpMs - predictedEfaMs) * 0.8, (predictedTcpMs - predictedEfaMs) * 1.5);
    assertThat(new Http(tcpDecoder).metric("vllm:nixl_xfer_time_seconds_sum") * 1000)
        .isGreaterThanOrEqualTo(predictedTcpMs * 0.99);
  }

  @Test
  void unknownBlocksAreRecomputedUnderTheDefaultPolicyOf015() {
    String rid = UUID.randomUUID().toString();
    JsonNode params = prefill(producer, 4, rid).get("kv_transfer_params");
    ((ObjectNode) params).put("remote_request_id", "cmpl-unknown-0-00000000");
    Http d = new Http(tcpDecoder);
    double failedBefore = d.metric("vllm:nixl_num_failed_transfers_total");
    Http.Stream s = decode(tcpDecoder, 4, params, rid);
    assertThat(s.status()).isEqualTo(200);
    assertThat(s.data()).last().isEqualTo("[DONE]");
    assertThat(s.chunks()).allMatch(c -> !c.has("error"));
    // Recomputed locally: about the 200 ms prefill of 2000 tokens, not a transfer.
    assertThat(s.ttftNanos() / 1e6).isGreaterThan(190);
    assertThat(d.metric("vllm:nixl_num_failed_transfers_total")).isEqualTo(failedBefore + 1);
  }

  @Test
  void unknownBlocksFailWithPolicyFail() {
    try (EmulatorProcess failing = start("UCX", ",\"kv_load_failure_policy\":\"fail\"", 1)) {
      String rid = UUID.randomUUID().toString();
      JsonNode params = prefill(producer, 5, rid).get("kv_transfer_params");
      ((ObjectNode) params).put("remote_request_id", "cmpl-unknown-0-00000000");
      ObjectNode whole = (ObjectNode) Http.json(body(5, false));
      whole.set("kv_transfer_params", params);
      Http.Reply r = new Http(failing).post("/v1/completions", whole.toString());
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.body())
          .isEqualTo(
              "{\"error\":{\"message\":\"Internal server error\",\"type\":\"InternalServerError\","
                  + "\"param\":null,\"code\":500}}");
      Http.Stream s = decode(failing, 5, params, rid);
      assertThat(s.status()).isEqualTo(200);
      assertThat(s.data())
          .containsExactly(
              "{\"error\": {\"message\": \"Internal server error\", \"type\": \"InternalServerError\","
                  + " \"param\": null, \"code\": 500}}",
              "[DONE]");
    }
  }

  @Test
  void expiredBlocksAreReleasedAndCannotBeRead() {
    try (EmulatorProcess shortLived = start("UCX", "", 2);
        EmulatorProcess failing = start("UCX", ",\"kv_load_failure_policy\":\"fail\"", 1)) {
      String rid = UUID.randomUUID().toString();
      JsonNode params = prefill(shortLived, 6, rid).get("kv_transfer_params");
      Http p = new Http(shortLived);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (p.metric("vllm:nixl_num_kv_expired_reqs_total") < 1 && System.nanoTime() < deadline) {
        EmulatorProcess.pause(Duration.ofMillis(100));
      }
      assertThat(p.metric("vllm:nixl_num_kv_expired_reqs_total")).isEqualTo(1.0);
      assertThat(p.metric("vllm:kv_cache_usage_perc")).isZero();
      assertThat(shortLived.output()).contains("Releasing expired KV blocks for request");
      ObjectNode whole = (ObjectNode) Http.json(body(6, false));
      whole.set("kv_transfer_params", params);
      assertThat(new Http(failing).post("/v1/completions", whole.toString()).status())
          .isEqualTo(500);
    }
  }

  @Test
  void phaseAMakesTheFirstTransfersSlowerByItsFactor() {
    try (EmulatorProcess slowStart =
        EmulatorProcess.start(
            Map.of(
                "VLLM_NIXL_SIDE_CHANNEL_HOST",
                "127.0.0.1",
                "VLLM_NIXL_SIDE_CHANNEL_PORT",
                Integer.toString(EmulatorProcess.freePort())),
            "--profile",
            TestProfiles.slowPrefill(),
            "--no-enable-prefix-caching",
            "--phase-a-transfers",
            "1",
            "--phase-a-factor",
            "4",
            "--kv-transfer-config",
            NIXL + ",\"kv_connector_extra_config\":{\"backends\":[\"UCX\"]}}")) {
      Http d = new Http(slowStart);
      double[] xfer = new double[2];
      for (int i = 0; i < 2; i++) {
        String rid = UUID.randomUUID().toString();
        decode(slowStart, 7, prefill(producer, 7, rid).get("kv_transfer_params"), rid);
        xfer[i] = d.metric("vllm:nixl_xfer_time_seconds_sum") - (i == 0 ? 0 : xfer[0]);
      }
      // 524,288,000 bytes over 8 Gbps + 1 ms: 525.3 ms normally, four times that in phase A.
      assertThat(xfer[0] * 1000).isBetween(4 * 525.3 * 0.99, 4 * 525.3 * 1.1);
      assertThat(xfer[1] * 1000).isBetween(525.3 * 0.99, 525.3 * 1.1);
    }
  }

  @Test
  void aDecoderWhoseClientLeavesDuringThePullFreesTheProducersBlocks() throws Exception {
    String rid = UUID.randomUUID().toString();
    JsonNode params = prefill(producer, 8, rid).get("kv_transfer_params");
    Http p = new Http(producer);
    double pinned = p.metric("vllm:kv_cache_usage_perc");
    ObjectNode req = (ObjectNode) Http.json(body(8, true));
    req.set("kv_transfer_params", params);
    String json = req.toString();
    Http d = new Http(tcpDecoder);
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", tcpDecoder.port())) {
      s.getOutputStream()
          .write(
              ("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      + "Content-Length: "
                      + json.length()
                      + "\r\n\r\n"
                      + json)
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      // The 525 ms pull of the TCP decoder is under way once the request waits for remote KV.
      while (d.metric("vllm:num_requests_waiting") < 1 && System.nanoTime() < deadline) {
        EmulatorProcess.pause(Duration.ofMillis(5));
      }
      assertThat(d.metric("vllm:num_requests_waiting")).isEqualTo(1.0);
    }
    double released = pinned - 125 / 25_000.0;
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (p.metric("vllm:kv_cache_usage_perc") > released + 1e-9 && System.nanoTime() < deadline) {
      EmulatorProcess.pause(Duration.ofMillis(20));
    }
    assertThat(p.metric("vllm:kv_cache_usage_perc")).isLessThanOrEqualTo(released + 1e-9);
    assertThat(
            d.metric(
                "vllm:request_success_total{model_name=\"test/slow-prefill\",engine=\"0\",finished_reason=\"abort\"}"))
        .isPositive();
  }

  @Test
  void nixlMetricsAreExposedWithTheConnector() {
    assertThat(new Http(efaDecoder).get("/metrics").body())
        .contains(
            "vllm:nixl_xfer_time_seconds_bucket{model_name=\"test/slow-prefill\",engine=\"0\",le=\"0.005\"}")
        .contains("vllm:nixl_post_time_seconds_count")
        .contains("vllm:nixl_num_descriptors_sum")
        .contains("vllm:nixl_num_failed_notifications_total")
        .contains("vllm:nixl_num_kv_expired_reqs_total")
        .contains("vllm:external_prefix_cache_queries_total");
  }
}
