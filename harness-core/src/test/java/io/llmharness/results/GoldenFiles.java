package io.llmharness.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files in {@code src/test/resources/io/llmharness/results/}: formats are sealed by them. A
 * change to a golden file needs a note in the commit saying why. To regenerate after a deliberate
 * change, run with {@code -Dharness.updateGolden=true} from the module directory and review the
 * diff.
 */
final class GoldenFiles {
  private GoldenFiles() {}

  /** Asserts that {@code actual} is the golden file {@code name} (rewriting it in update mode). */
  static void assertGolden(String name, String actual) throws IOException {
    if (Boolean.getBoolean("harness.updateGolden")) {
      Files.writeString(
          Path.of("src/test/resources/io/llmharness/results", name),
          actual,
          StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(read(name));
  }

  /** The golden file {@code name}. */
  static String read(String name) throws IOException {
    try (InputStream in = GoldenFiles.class.getResourceAsStream(name)) {
      assertThat(in).as("golden file %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
