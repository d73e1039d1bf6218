package io.llmharness.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmharness.emulator.testing.EmulatorProcess;
import io.llmharness.emulator.testing.Http;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar the build makes, run as the README says: {@code java -jar
 * harness-emulator-<version>-all.jar --profile fast --port N}.
 */
class ExecutableJarIT {

  @Test
  void theShadedJarServesACompletion() {
    try (EmulatorProcess emulator = EmulatorProcess.startJar(shadedJar(), "--profile", "fast")) {
      Http http = new Http(emulator);
      String model = http.get("/v1/models").json().at("/data/0/id").asText();
      Http.Reply r =
          http.post(
              "/v1/completions",
              "{\"model\":\"" + model + "\",\"prompt\":\"hello\",\"max_tokens\":3}");
      assertThat(r.status()).isEqualTo(200);
      JsonNode body = r.json();
      assertThat(body.get("object").asText()).isEqualTo("text_completion");
      assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(3);
      assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    }
  }

  /** The jar named by the {@code shaded.jar} property that this module's pom gives Failsafe. */
  private static Path shadedJar() {
    String jar = System.getProperty("shaded.jar");
    assertThat(jar).as("system property shaded.jar (set in harness-emulator/pom.xml)").isNotNull();
    assertThat(Path.of(jar)).as("the jar of mvn package").isRegularFile();
    return Path.of(jar);
  }
}
