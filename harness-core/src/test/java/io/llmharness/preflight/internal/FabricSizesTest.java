package io.llmharness.preflight.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Sizes and counts as fabtests' size_str and cnt_str print them (fabtests/common/shared.c). */
class FabricSizesTest {

  @Test
  void formatsSixteenMebibytesAsTheToolsDo() {
    assertThat(FabricSizes.format(16L * 1024 * 1024)).isEqualTo("16m");
  }

  @Test
  void formatsSmallMultiplesWithOneTruncatedDecimal() {
    assertThat(FabricSizes.format(1536)).isEqualTo("1.5k");
    assertThat(FabricSizes.format(1500)).isEqualTo("1.4k");
  }

  @Test
  void formatsBytesBelowOneKibibyteAsPlainNumbers() {
    assertThat(FabricSizes.format(64)).isEqualTo("64");
  }

  @Test
  void parsesSizesInBinaryUnits() {
    assertThat(FabricSizes.parseSize("16m")).isEqualTo(16L * 1024 * 1024);
    assertThat(FabricSizes.parseSize("1k")).isEqualTo(1024);
    assertThat(FabricSizes.parseSize("3.1g")).isEqualTo(Math.round(3.1 * (1L << 30)));
  }

  @Test
  void parsesCountsInDecimalUnitsWithAckSign() {
    assertThat(FabricSizes.parseCount("1k")).isEqualTo(1000);
    assertThat(FabricSizes.parseCount("=1k")).isEqualTo(1000);
    assertThat(FabricSizes.parseCount("100")).isEqualTo(100);
  }

  @Test
  void rejectsTextThatIsNoSize() {
    assertThatThrownBy(() -> FabricSizes.parseSize("0.14s"))
        .isInstanceOf(NumberFormatException.class)
        .hasMessageContaining("0.14s");
  }
}
