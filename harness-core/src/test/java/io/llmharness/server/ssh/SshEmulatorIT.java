package io.llmharness.server.ssh;

import static io.llmharness.server.ssh.ProcessTable.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.server.JavaCommand;
import io.llmharness.server.ReadinessProbe;
import io.llmharness.server.ServerCommand;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real emulator server started over SSH on loopback, used, and stopped without a trace. */
class SshEmulatorIT extends SshdOnLoopback {
  @TempDir Path logs;

  @Test
  void emulatorStartedOverSshServesAndStopsWithoutATrace() throws Exception {
    String model = "ssh-it-" + UUID.randomUUID();
    int port = Sshd.freePort();
    ServerCommand command =
        JavaCommand.forMain(JavaCommand.EMULATOR_MAIN)
            .withArgs(
                List.of(
                    "serve",
                    model,
                    "--host",
                    "127.0.0.1",
                    "--port",
                    Integer.toString(port),
                    "--profile",
                    "fast"));
    URI url = URI.create("http://127.0.0.1:" + port);

    try (SshLauncher launcher = new SshLauncher(sshd.settings())) {
      RemoteServerProcess server =
          launcher.start("emulator", command, logs.resolve("emulator.log"));
      ReadinessProbe.await(server, url, Duration.ofMinutes(2));

      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> models =
          http.send(
              HttpRequest.newBuilder(url.resolve("/v1/models")).build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> completion =
          http.send(
              HttpRequest.newBuilder(url.resolve("/v1/completions"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"model\":\"" + model + "\",\"prompt\":\"hello\",\"max_tokens\":3}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(models.body()).contains("\"id\":\"" + model + "\"");
      assertThat(completion.statusCode()).isEqualTo(200);
      assertThat(completion.body()).contains("\"completion_tokens\":3");
      assertThat(ProcessTable.withMarker(model)).as("the wrapper and the JVM").hasSize(2);

      server.stop(Duration.ofSeconds(10));

      assertThat(ProcessTable.withMarker(model)).isEmpty();
      assertThat(ProcessTable.inSession(server.remotePid())).isEmpty();
      assertThat(server.isAlive()).isFalse();
    }
    assertThat(eventually(() -> ProcessTable.withMarker(model).isEmpty())).isTrue();
  }
}
