package io.llmharness.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class EmulatorTest {

  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @Test
  void startsInProcessOnAFreePortAndStops() throws Exception {
    try (Emulator emulator = Emulator.start(QUIET, "--host", "127.0.0.1", "--port", "0")) {
      assertThat(emulator.port()).isPositive();
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + emulator.port() + "/version"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.body()).contains("llmharness.emulator");
    }
  }

  @Test
  void aBadArgumentIsRejectedBeforeAnythingStarts() {
    assertThatThrownBy(() -> Emulator.start(QUIET, "--port", "70000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--port 70000");
  }
}
