package io.llmharness.server.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlurmJobStatusTest {
  private static SlurmJobStatus status(String state, String exitCode) {
    return new SlurmJobStatus("1", state, "None", "n1", Optional.ofNullable(exitCode));
  }

  @Test
  void anExitCodeIsReportedAsAShellWould() {
    assertThat(status("FAILED", "127:0").shellExitCode()).hasValue(127);
  }

  @Test
  void aSignalIsReportedAs128PlusIt() {
    assertThat(status("CANCELLED", "0:15").shellExitCode()).hasValue(143);
  }

  @Test
  void aCompletingJobHasEndedButIsNotGone() {
    SlurmJobStatus s = status("COMPLETING", null);

    assertThat(s.ended()).isTrue();
    assertThat(s.gone()).isFalse();
  }

  @Test
  void aConfiguringJobStillWaits() {
    assertThat(status("CONFIGURING", null).waiting()).isTrue();
  }
}
