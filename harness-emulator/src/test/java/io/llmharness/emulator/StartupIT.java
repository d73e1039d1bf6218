package io.llmharness.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmharness.emulator.testing.EmulatorProcess;
import io.llmharness.emulator.testing.Http;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Starting like vLLM: refused connections while loading, startup errors, flag forms. */
class StartupIT {

  @Test
  void connectionsAreRefusedDuringTheStartupDelayThenServed() {
    try (EmulatorProcess emulator = EmulatorProcess.launch(Map.of(), "--startup-delay", "3")) {
      // The JVM itself starts in well under 3 s; poll until it has logged that loading began.
      long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!emulator.output().contains("Starting to load model") && System.nanoTime() < end) {
        EmulatorProcess.pause(Duration.ofMillis(20));
      }
      assertThatThrownBy(() -> new Socket("127.0.0.1", emulator.port()).close())
          .isInstanceOf(ConnectException.class);
      emulator.awaitHealthy(Duration.ofSeconds(30));
      assertThat(new Http(emulator).get("/health").status()).isEqualTo(200);
    }
  }

  @Test
  void servePositionalModelAndEqualsFormAreAccepted() {
    try (EmulatorProcess emulator =
        EmulatorProcess.start(
            "serve", "Qwen/Qwen2.5-7B-Instruct", "--max-model-len=2048", "--profile=fast")) {
      String models = new Http(emulator).get("/v1/models").body();
      assertThat(models)
          .contains("\"id\":\"Qwen/Qwen2.5-7B-Instruct\"")
          .contains("\"max_model_len\":2048");
    }
  }

  @Test
  void unknownVllmFlagsAreWarnedAboutAndIgnored() {
    try (EmulatorProcess emulator =
        EmulatorProcess.start(
            "--enforce-eager",
            "--trust-remote-code",
            "--dtype",
            "bfloat16",
            "--max-model-len",
            "1024")) {
      assertThat(emulator.output())
          .contains("WARNING: the emulator ignores --dtype bfloat16")
          .doesNotContain("--enforce-eager")
          .doesNotContain("--trust-remote-code");
      assertThat(new Http(emulator).get("/v1/models").body()).contains("\"max_model_len\":1024");
    }
  }

  @Test
  void maxModelLenAboveTheDerivedLengthFailsLikeVllm() {
    try (EmulatorProcess emulator = EmulatorProcess.launch(Map.of(), "--max-model-len", "131072")) {
      assertThat(emulator.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
      assertThat(emulator.output())
          .contains(
              "User-specified max_model_len (131072) is greater than the derived max_model_len");
    }
  }

  @Test
  void yarnOverridesRaiseTheContextLength() {
    try (EmulatorProcess emulator =
        EmulatorProcess.start(
            "--max-model-len",
            "131072",
            "--hf-overrides",
            "{\"rope_parameters\":{\"rope_theta\":1000000,\"rope_type\":\"yarn\",\"factor\":4.0,"
                + "\"original_max_position_embeddings\":32768}}")) {
      assertThat(new Http(emulator).get("/v1/models").body()).contains("\"max_model_len\":131072");
    }
  }

  @Test
  void aBadFlagValueExitsWithStatusTwo() {
    try (EmulatorProcess emulator = EmulatorProcess.launch(Map.of(), "--max-num-seqs", "many")) {
      assertThat(emulator.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(emulator.output()).contains("--max-num-seqs many is not an integer");
    }
  }

  @Test
  void aKvCacheTooSmallForMaxModelLenFailsLikeVllm() {
    try (EmulatorProcess emulator =
        EmulatorProcess.launch(
            Map.of(), "--profile", "qwen2.5-7b-tp1-g5", "--gpu-memory-utilization", "0.75")) {
      assertThat(emulator.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
      assertThat(emulator.output()).contains("KV cache");
    }
  }

  @Test
  void keepAliveConnectionIsReusedThenClosedWhenIdle() throws IOException {
    try (EmulatorProcess emulator = EmulatorProcess.start();
        Socket s = new Socket("127.0.0.1", emulator.port())) {
      byte[] get =
          "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      s.getOutputStream().write(get);
      s.getOutputStream().write(get);
      s.getOutputStream().flush();
      s.setSoTimeout(20_000);
      String answers =
          new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
      // readAllBytes returns only when the server closes the idle connection.
      assertThat(answers.split("HTTP/1.1 200 OK", -1)).hasSize(3);
    }
  }
}
