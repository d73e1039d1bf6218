package io.llmharness.results.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportMainTest {
  @TempDir Path results;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ReportMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void regeneratesTheReportOfARunDirectory() throws Exception {
    Path dir = FakeRun.write(results);
    assertThat(run(dir.toString(), "--kv-bytes-per-token", "131072")).isEqualTo(0);
    assertThat(out.toString()).contains("wrote " + dir.resolve(RunReport.HTML_FILE));
    assertThat(Files.readString(dir.resolve(RunReport.SUMMARY_FILE)))
        .contains("131,072 bytes per token");
  }

  @Test
  void aMissingRunDirectoryFails() {
    assertThat(run(results.resolve("nope").toString())).isEqualTo(ReportMain.FAILED);
    assertThat(err.toString()).contains("does not exist or is not a directory");
  }

  @Test
  void anInvalidByteCountIsAUsageError() {
    assertThat(run(results.toString(), "--kv-bytes-per-token", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("must be a positive number of bytes");
  }

  @Test
  void theRunDirectoryIsRequired() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("<run-dir>");
  }
}
