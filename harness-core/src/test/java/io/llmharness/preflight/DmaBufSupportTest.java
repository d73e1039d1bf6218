package io.llmharness.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DmaBufSupportTest {

  @Test
  void openModulesOnA512KernelAreLikelyAvailable() {
    DmaBufSupport d =
        new DmaBufSupport(
            Optional.of("Open Kernel Module"), Optional.of(true), Optional.of("5.12.0"));

    assertThat(d.likelyAvailable()).contains(true);
  }

  @Test
  void anOlderKernelRulesItOut() {
    DmaBufSupport d =
        new DmaBufSupport(Optional.empty(), Optional.empty(), Optional.of("5.10.0-28-cloud-amd64"));

    assertThat(d.kernelSupportsDmaBufImport()).contains(false);
    assertThat(d.likelyAvailable()).contains(false);
  }

  @Test
  void proprietaryModulesRuleItOut() {
    DmaBufSupport d =
        new DmaBufSupport(
            Optional.of("x86_64 Kernel Module"), Optional.of(false), Optional.of("6.8.0"));

    assertThat(d.likelyAvailable()).contains(false);
  }

  @Test
  void withoutTheDriverItIsUnknown() {
    DmaBufSupport d =
        new DmaBufSupport(Optional.empty(), Optional.empty(), Optional.of("6.18.44-fc-v657"));

    assertThat(d.kernelSupportsDmaBufImport()).contains(true);
    assertThat(d.likelyAvailable()).isEmpty();
  }
}
