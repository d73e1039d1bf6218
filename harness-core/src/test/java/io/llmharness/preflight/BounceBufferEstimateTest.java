package io.llmharness.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BounceBufferEstimateTest {

  private final BounceBufferEstimate qwen20k =
      new BounceBufferEstimate(262_144, 20_000, 100.0, "test", 25.0);

  @Test
  void twentyThousandQwenTokensAreFivePointTwoFourGigabytes() {
    assertThat(qwen20k.kvBytes()).isEqualTo(5_242_880_000L);
  }

  @Test
  void directTransferIsBytesOverTheNetworkRate() {
    assertThat(qwen20k.directMillis()).isCloseTo(419.4304, within(1e-9));
  }

  @Test
  void sequentialStagingAddsTwoHostCopies() {
    assertThat(qwen20k.hostCopyMillis()).isCloseTo(209.7152, within(1e-9));
    assertThat(qwen20k.penaltyMaxMillis()).isCloseTo(419.4304, within(1e-9));
  }

  @Test
  void overlappedStagingCostsNothingWhenCopiesOutpaceTheNetwork() {
    assertThat(qwen20k.penaltyMinMillis()).isZero();
  }

  @Test
  void overlappedStagingIsBoundByTheCopyWhenTheNetworkIsFaster() {
    BounceBufferEstimate fast = new BounceBufferEstimate(262_144, 20_000, 400.0, "test", 25.0);

    assertThat(fast.penaltyMinMillis()).isCloseTo(209.7152 - 104.8576, within(1e-9));
  }

  @Test
  void explainsWhyTheGuidesNumbersDiffer() {
    assertThat(qwen20k.comparisonWithGuide()).contains("5,242,880,000 bytes").contains("193 GB/s");
  }

  @Test
  void refusesAnEstimateWithoutAMeasuredRate() {
    assertThatThrownBy(() -> new BounceBufferEstimate(262_144, 20_000, 0, "none", 25.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("measure the RDMA bandwidth first");
  }
}
