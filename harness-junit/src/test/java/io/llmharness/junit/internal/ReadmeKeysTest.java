package io.llmharness.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration tables must list every key the JUnit extension reads. */
class ReadmeKeysTest {
  @Test
  void everyKeyTheExtensionReadsIsInTheReadme() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    for (String key : HarnessSettings.KEYS) {
      assertThat(readme).as("README row for %s", key).contains("`" + key + "`");
    }
  }
}
