package io.llmharness.samples;

import io.llmharness.runner.Runner;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Not a sample: the runner the main-style samples share. Results go to {@code harness.results.dir}
 * (default {@code target/harness-results}) under a new run id each time ({@code
 * sample-NN-yyyyMMdd-HHmmss}), so running a sample again measures again instead of re-reading the
 * results of the last run (sample 14 shows how a fixed run id resumes).
 */
final class SampleRunners {
  private SampleRunners() {}

  /** A runner for sample {@code number} ({@code "03"}), with a fresh run id. */
  static Runner runner(String number) {
    return Runner.builder()
        .resultsDir(Path.of(System.getProperty("harness.results.dir", "target/harness-results")))
        .runId(
            "sample-"
                + number
                + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))
        .build();
  }
}
