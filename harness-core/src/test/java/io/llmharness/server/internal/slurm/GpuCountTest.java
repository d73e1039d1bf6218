package io.llmharness.server.internal.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.server.ServerCommand;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class GpuCountTest {
  private static ServerCommand vllm(String... args) {
    return new ServerCommand(List.of("vllm"), Map.of()).withArgs(List.of(args));
  }

  @Test
  void aServerNeedsItsTensorParallelSize() {
    assertThat(GpuCount.of(vllm("serve", "m", "--tensor-parallel-size", "4"), OptionalInt.empty()))
        .isEqualTo(4);
  }

  @Test
  void pipelineParallelismMultiplies() {
    assertThat(GpuCount.of(vllm("-tp", "2", "--pipeline-parallel-size=2"), OptionalInt.empty()))
        .isEqualTo(4);
  }

  @Test
  void theOverrideReplacesTheCountOfServers() {
    assertThat(GpuCount.of(vllm("--tensor-parallel-size=4"), OptionalInt.of(8))).isEqualTo(8);
  }

  @Test
  void aCommandWithoutTensorParallelismNeedsNoGpuEvenWithTheOverride() {
    assertThat(
            GpuCount.of(vllm("--prefill", "http://a", "--decode", "http://b"), OptionalInt.of(8)))
        .isZero();
  }
}
