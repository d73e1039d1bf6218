package io.llmharness.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvironmentTest {
  @Test
  void detectsThisJvmAndKeepsTheServerVersion() {
    Environment e = Environment.detect(Optional.of("0.16.0"));
    assertThat(e.javaVersion()).isEqualTo(System.getProperty("java.version"));
    assertThat(e.javaVendor()).isEqualTo(System.getProperty("java.vendor"));
    assertThat(e.hostName()).isNotBlank();
    assertThat(e.os()).startsWith(System.getProperty("os.name"));
    assertThat(e.harnessVersion()).isNotBlank();
    assertThat(e.serverVersion()).hasValue("0.16.0");
  }
}
