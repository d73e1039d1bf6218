package io.llmharness;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.scenario.Option;
import io.llmharness.scenario.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table must list every option the code reads. */
class ReadmeTest {
  private static String readme() throws IOException {
    Path p = Path.of("..", "README.md");
    return Files.readString(p);
  }

  @Test
  void everyScenarioOptionIsInTheReadmeTable() throws IOException {
    String readme = readme();
    for (Option<?> o : Options.all()) {
      assertThat(readme).as("README row for %s", o.key()).contains("| `" + o.key() + "` |");
    }
  }
}
