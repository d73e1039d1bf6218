package io.llmharness.phase15;

import io.llmharness.junit.RequiresBandwidth;
import io.llmharness.junit.RequiresGpuDirect;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The guide's two validations before stage 1 ("測定前のバリデーション"): the EFA-versus-TCP baseline bandwidth
 * (the guide expects a ratio of 3–5×) and GPUDirect RDMA (without it a 20K-token KV transfer pays a
 * CPU bounce-buffer penalty). Runs first ({@code @Order(1)}).
 *
 * <p>Skipped on the emulated target (nothing real to validate). On real nodes (with {@code
 * harness.target=ssh} the checks run on the nodes of {@code harness.nodes}) an unmet validation
 * fails: a ratio below 3, a failed measurement, GPUDirect below {@code likely_enabled}. It is
 * skipped with the reason only where a node lacks the tools ({@code iperf3}, {@code fi_pingpong} or
 * {@code fi_rdm_bw}, {@code nvidia-smi}), or when {@code -Dharness.preflight.failOnUnmet=false}
 * asks for skips (say, on instances without EFA). Their JSON is written under {@code
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
