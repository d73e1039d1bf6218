package io.llmharness.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.proxy.testing.Emulator;
import io.llmharness.proxy.testing.HttpWire;
import io.llmharness.proxy.testing.ProxyProcess;
import io.llmharness.proxy.testing.RawHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar the build makes, run as the README says: {@code java -jar
 * harness-proxy-<version>-all.jar --prefill URL --decode URL --port N}, in front of an emulator.
 */
class ExecutableJarIT {

  @Test
  void theShadedJarIsHealthyAndPassesModelsThroughToTheDecodeServer() {
    try (Emulator emulator = Emulator.plain();
        ProxyProcess proxy =
            ProxyProcess.startJar(
                shadedJar(), List.of("--prefill", emulator.url(), "--decode", emulator.url()))) {
      proxy.awaitHealthy(Duration.ofSeconds(30));
      HttpWire.Message models = RawHttp.get(proxy.port(), "/v1/models");
      assertThat(models.status()).isEqualTo(200);
      assertThat(models.text()).contains("\"id\":\"m\"").contains("\"max_model_len\":32768");
    }
  }

  /** The jar named by the {@code shaded.jar} property that this module's pom gives Failsafe. */
  private static Path shadedJar() {
    String jar = System.getProperty("shaded.jar");
    assertThat(jar).as("system property shaded.jar (set in harness-proxy/pom.xml)").isNotNull();
    assertThat(Path.of(jar)).as("the jar of mvn package").isRegularFile();
    return Path.of(jar);
  }
}
