package io.llmharness.scenario;

import java.util.OptionalInt;

/**
 * The server-side settings a scenario needs; scenarios with equal settings (and backend) can share
 * one running deployment.
 *
 * @param maxModelLen the stage: the server's {@code --max-model-len}
 * @param prefixCache {@code --enable-prefix-caching} or {@code --no-enable-prefix-caching}
 * @param tensorParallelSize {@code --tensor-parallel-size}
 * @param gpuMemoryUtilization {@code --gpu-memory-utilization}
 * @param maxNumBatchedTokens {@code --max-num-batched-tokens}; empty leaves vLLM's default
 */
public record ServerSettings(
    int maxModelLen,
    boolean prefixCache,
    int tensorParallelSize,
    double gpuMemoryUtilization,
    OptionalInt maxNumBatchedTokens) {

  public ServerSettings {
    if (maxModelLen < 1) {
      throw new IllegalArgumentException(
          "max_model_len must be positive, but was [" + maxModelLen + "]");
    }
    if (tensorParallelSize < 1) {
      throw new IllegalArgumentException(
          "tensor_parallel_size must be at least 1, but was [" + tensorParallelSize + "]");
    }
    if (!(gpuMemoryUtilization > 0 && gpuMemoryUtilization <= 1)) {
      throw new IllegalArgumentException(
          "gpu_memory_utilization must be in (0, 1], but was [" + gpuMemoryUtilization + "]");
    }
  }
}
