package io.llmharness;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class MachineAssumptionsTest {

  @Test
  void anUnmetAssumptionSkipsOutsideCi() {
    assertThatThrownBy(() -> MachineAssumptions.assumeTrue(false, () -> "needs root", false))
        .isExactlyInstanceOf(TestAbortedException.class)
        .hasMessage("needs root");
  }

  @Test
  void anUnmetAssumptionFailsOnCi() {
    assertThatThrownBy(() -> MachineAssumptions.assumeTrue(false, () -> "needs root", true))
        .isExactlyInstanceOf(AssertionFailedError.class)
        .hasMessageStartingWith("needs root (LLMHARNESS_CI is set");
  }

  @Test
  void aMetAssumptionDoesNothingEitherWay() {
    assertThatCode(() -> MachineAssumptions.assumeTrue(true, () -> "unused", true))
        .doesNotThrowAnyException();
    assertThatCode(() -> MachineAssumptions.assumeTrue(true, () -> "unused", false))
        .doesNotThrowAnyException();
  }
}
