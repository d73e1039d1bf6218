package io.llmharness.server.internal.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyValuesTest {
  /** {@code scontrol show job -o 1} of a job that failed on the CI cluster (shortened). */
  private static final String FAILED_JOB =
      "JobId=1 JobName=t1 UserId=root(0) JobState=FAILED Reason=NonZeroExitCode"
          + " Dependency=(null) ExitCode=127:0 NodeList=n1 BatchHost=n1"
          + " TRES=cpu=1,node=1,billing=1 Command=/tmp/my job.sh WorkDir=/tmp";

  @Test
  void readsTheFieldsOfAJob() {
    assertThat(KeyValues.parse(FAILED_JOB))
        .containsEntry("JobState", "FAILED")
        .containsEntry("Reason", "NonZeroExitCode")
        .containsEntry("ExitCode", "127:0")
        .containsEntry("NodeList", "n1")
        .containsEntry("TRES", "cpu=1,node=1,billing=1");
  }

  @Test
  void aValueWithSpacesKeepsThem() {
    assertThat(KeyValues.parse(FAILED_JOB)).containsEntry("Command", "/tmp/my job.sh");
  }
}
