package io.llmharness.results.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code summary.md} of the fake run against {@code
 * src/test/resources/io/llmharness/results/report/summary.md}. To regenerate after a deliberate
 * change, run with {@code -Dharness.updateGolden=true} from the module directory and review the
 * diff.
 */
class ReportGoldenTest {
  private static final String GOLDEN = "summary.md";

  @TempDir Path results;

  @Test
  void theSummaryOfAFixedRunMatchesItsGoldenFile() throws IOException {
    Path run = FakeRun.write(results);
    FakeRun.writeBaseline(run, OptionalDouble.of(10), OptionalDouble.of(100));
    String actual =
        Files.readString(
            RunReport.write(run, ReportOptions.defaults()).summary(), StandardCharsets.UTF_8);
    if (Boolean.getBoolean("harness.updateGolden")) {
      Files.writeString(
          Path.of("src/test/resources/io/llmharness/results/report", GOLDEN),
          actual,
          StandardCharsets.UTF_8);
    }
    try (InputStream in = ReportGoldenTest.class.getResourceAsStream(GOLDEN)) {
      assertThat(in).as("golden file %s", GOLDEN).isNotNull();
      assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
