package io.llmharness.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.preflight.PreflightSettings;
import io.llmharness.results.report.ReportOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration tables and the keys the JUnit extension reads from configuration
 * parameters ({@code junit-platform.properties}, {@code -D}, the launcher) must agree.
 */
class ReadmeKeysTest {
  /** The first cell of a configuration table row: {@code | `harness.x` | …}. */
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `(harness\\.[A-Za-z0-9.]+)` \\|");

  /** Read by the Phase 15 suite's own test code, not by the extension. */
  private static final Set<String> SUITE_KEYS = Set.of("harness.bounds");

  private static String readme() throws IOException {
    return Files.readString(Path.of("..", "README.md"));
  }

  private static Set<String> readmeKeys() throws IOException {
    Set<String> keys = new TreeSet<>();
    Matcher m = ROW.matcher(readme());
    while (m.find()) {
      keys.add(m.group(1));
    }
    return keys;
  }

  /** A lookup that answers nothing and remembers every key it was asked for. */
  private static Function<String, Optional<String>> recording(Set<String> asked) {
    return key -> {
      asked.add(key);
      return Optional.empty();
    };
  }

  @Test
  void everyKeyTheExtensionReadsIsInTheReadme() throws IOException {
    String readme = readme();
    for (String key : HarnessSettings.KEYS) {
      assertThat(readme).as("README row for %s", key).contains("`" + key + "`");
    }
  }

  @Test
  void everyReadmeKeyIsReadFromConfigurationParameters() throws IOException {
    Set<String> asked = new TreeSet<>();
    HarnessSettings.read(recording(asked));
    PreflightSettings.from(recording(asked));
    ReportOptions.from(recording(asked));
    asked.addAll(SUITE_KEYS);

    assertThat(readmeKeys()).hasSizeGreaterThan(100).isSubsetOf(asked);
  }
}
