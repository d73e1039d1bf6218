package io.llmharness.phase15;

import io.llmharness.junit.RequiresBandwidth;
import io.llmharness.junit.RequiresGpuDirect;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The guide's two validations before stage 1 ("測定前のバリデーション"): the EFA-versus-TCP baseline bandwidth
 * (the guide expects a ratio of 3–5×) and GPUDirect RDMA (without it a 20K-token KV transfer pays a
 * CPU bounce-buffer penalty). Runs first ({@code @Order(1)}); skipped with the reason on the
 * emulated target and wherever the tools or devices are absent. Their JSON is written under {@code
 * <results>/<run-id>/preflight/}, and the report uses the measured bandwidths to predict the KV
 * transfer time.
 */
@Order(1)
@DisabledOnEmulatedTarget
class Phase15ValidationIT {

  @Test
  @RequiresBandwidth(minRatio = 3)
  void efaBandwidthIsAtLeastThreeTimesTcp() {}

  @Test
  @RequiresGpuDirect
  void gpuDirectRdmaIsActive() {}
}
