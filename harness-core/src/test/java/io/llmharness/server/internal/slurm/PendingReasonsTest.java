package io.llmharness.server.internal.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PendingReasonsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "JobHeldUser",
        "JobHeldAdmin",
        "PartitionTimeLimit",
        "BadConstraints",
        "QOSMaxGRESPerJob",
        "launch failed requeued held"
      })
  void reasonsThatNeedAChangeNeverClear(String reason) {
    assertThat(PendingReasons.neverClears(reason)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Resources", "Priority", "BeginTime", "None", "ReqNodeNotAvail"})
  void reasonsThatWaitingResolvesMayClear(String reason) {
    assertThat(PendingReasons.neverClears(reason)).isFalse();
  }
}
