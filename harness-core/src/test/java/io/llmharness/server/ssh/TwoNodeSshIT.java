package io.llmharness.server.ssh;

import static io.llmharness.server.ssh.ProcessTable.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmharness.server.JavaCommand;
import io.llmharness.server.Node;
import io.llmharness.server.ReadinessProbe;
import io.llmharness.server.ServerCommand;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-node study in miniature: two network namespaces with their own addresses, each running
 * sshd; a prefill emulator on one and a decode emulator on the other, started over SSH with the
 * same ports and NIXL settings the real nodes use; one disaggregated request sent directly
 * (prefill, then decode pulling the KV blocks from the prefill node over the side channel).
 */
class TwoNodeSshIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NIXL =
      "{\"kv_connector\":\"NixlConnector\",\"kv_role\":\"kv_both\","
          + "\"kv_connector_extra_config\":{\"backends\":[\"UCX\"]}}";
  private static final String MODEL = "two-node-" + UUID.randomUUID();

  @TempDir static Path work;

  private static final TwoSshNodes nodes = new TwoSshNodes();
  private static Node node1;
  private static Node node2;
  private static SshLaunchers launchers;
  private static RemoteServerProcess prefill;
  private static RemoteServerProcess decode;

  @BeforeAll
  static void startTwoNodes() throws IOException {
    nodes.start(work);
    node1 = new Node("node1", nodes.address(0));
    node2 = new Node("node2", nodes.address(1));
    launchers = new SshLaunchers(nodes::settingsFor);
    launchers.verify(List.of(node1, node2));
    prefill =
        launchers
            .ssh(node1)
            .start("prefill", emulator(nodes.address(0), 8100), work.resolve("prefill.log"));
    decode =
        launchers
            .ssh(node2)
            .start("decode", emulator(nodes.address(1), 8200), work.resolve("decode.log"));
    ReadinessProbe.await(prefill, url(0, 8100), Duration.ofMinutes(2));
    ReadinessProbe.await(decode, url(1, 8200), Duration.ofMinutes(2));
  }

  @AfterAll
  static void tearDown() {
    TwoSshNodes.closeAll(launchers, nodes);
    NamespaceNetwork network = nodes.network();
    if (network != null) {
      assertThat(eventually(() -> ProcessTable.withMarker(MODEL).isEmpty())).isTrue();
      assertThat(links()).doesNotContain(network.bridge());
      assertThat(namespaces()).doesNotContainAnyElementsOf(network.namespaces());
    }
  }

  /** vLLM's serve line for one P/D server, as the emulator takes it. */
  private static ServerCommand emulator(String address, int port) {
    return JavaCommand.forMain(JavaCommand.EMULATOR_MAIN)
        .withArgs(
            List.of(
                "serve",
                MODEL,
                "--host",
                address,
                "--port",
                Integer.toString(port),
                "--profile",
                "fast",
                "--no-enable-prefix-caching",
                "--kv-transfer-config",
                NIXL))
        .withEnv(
            Map.of("VLLM_NIXL_SIDE_CHANNEL_HOST", address, "VLLM_NIXL_SIDE_CHANNEL_PORT", "5600"));
  }

  private static URI url(int node, int port) {
    return URI.create("http://" + nodes.address(node) + ":" + port);
  }

  @Test
  void eachServerRunsInItsOwnNodeAndAnswersAtItsAddress() throws Exception {
    assertThat(get(url(0, 8100).resolve("/v1/models")).get("data").get(0).get("id").asText())
        .isEqualTo(MODEL);
    assertThat(get(url(1, 8200).resolve("/v1/models")).get("data").get(0).get("id").asText())
        .isEqualTo(MODEL);
    assertThat(netns(prefill.remotePid())).isEqualTo(netns(nodes.sshd(0).pid()));
    assertThat(netns(decode.remotePid())).isEqualTo(netns(nodes.sshd(1).pid()));
    assertThat(netns(nodes.sshd(0).pid())).isNotEqualTo(netns(nodes.sshd(1).pid()));
  }

  @Test
  void disaggregatedRequestMovesTheKvCacheFromNode1ToNode2() throws Exception {
    String requestId = UUID.randomUUID().toString();
    ObjectNode first = completion(40, 1);
    first.set(
        "kv_transfer_params",
        JSON.readTree(
            "{\"do_remote_decode\":true,\"do_remote_prefill\":false,\"remote_engine_id\":null,"
                + "\"remote_block_ids\":null,\"remote_host\":null,\"remote_port\":null}"));
    JsonNode prefilled = post(url(0, 8100), first, requestId);
    JsonNode params = prefilled.get("kv_transfer_params");
    assertThat(params.get("remote_host").asText()).isEqualTo(nodes.address(0));
    double pulledBefore = metric(url(1, 8200), "vllm:nixl_bytes_transferred_sum");

    ObjectNode second = completion(40, 4);
    second.set("kv_transfer_params", params);
    JsonNode decoded = post(url(1, 8200), second, requestId);

    assertThat(decoded.get("usage").get("completion_tokens").asInt()).isEqualTo(4);
    assertThat(metric(url(1, 8200), "vllm:nixl_bytes_transferred_sum")).isGreaterThan(pulledBefore);
    assertThat(metric(url(1, 8200), "vllm:nixl_num_failed_transfers_total")).isZero();
  }

  private static ObjectNode completion(int words, int maxTokens) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", MODEL);
    body.put("prompt", "the quick brown fox jumps over the lazy dog ".repeat(words));
    body.put("max_tokens", maxTokens);
    return body;
  }

  private static JsonNode get(URI uri) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s: %s", uri, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static JsonNode post(URI server, JsonNode body, String requestId)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(server.resolve("/v1/completions"))
                    .header("Content-Type", "application/json")
                    .header("X-Request-Id", requestId)
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("POST %s: %s", server, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** The sum of a Prometheus metric's samples (0 when absent). */
  private static double metric(URI server, String name) throws IOException, InterruptedException {
    String text =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(server.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  private static String netns(long pid) throws IOException {
    return java.nio.file.Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "net"))
        .toString();
  }

  private static String links() {
    try {
      return Sshd.run(List.of("ip", "-o", "link", "show"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> namespaces() {
    try {
      return List.of(Sshd.run(List.of("ip", "netns", "list")).split("\\s+"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
