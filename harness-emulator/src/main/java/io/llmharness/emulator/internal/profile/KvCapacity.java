package io.llmharness.emulator.internal.profile;

import java.util.OptionalLong;

/**
 * How many tokens of KV cache an instance has: either a fixed count, or derived like vLLM does from
 * GPU memory: (utilization × memory − weights / TP − activations) per rank, times TP, divided by
 * the bytes per token.
 *
 * @param fixedTokens a fixed capacity, when given
 * @param gpuMemoryGib memory of one GPU
 * @param weightsGib total weights, split evenly over the TP ranks
 * @param activationGib per-rank memory for activations, graphs and the like
 */
public record KvCapacity(
    OptionalLong fixedTokens, double gpuMemoryGib, double weightsGib, double activationGib) {

  public KvCapacity {
    if (fixedTokens.isPresent()) {
      Profiles.requirePositive("kv_cache.tokens", fixedTokens.getAsLong());
    } else if (!(gpuMemoryGib > 0) || weightsGib < 0 || activationGib < 0) {
      throw new IllegalArgumentException(
          "kv_cache needs either tokens or gpu_memory_gib > 0 with weights_gib and activation_gib"
              + " >= 0");
    }
  }

  /** The capacity in tokens for a utilization and TP size; may be 0 or negative when none fits. */
  public long tokens(double gpuMemoryUtilization, int tensorParallelSize, long bytesPerToken) {
    if (fixedTokens.isPresent()) {
      return fixedTokens.getAsLong();
    }
    double perRankGib =
        gpuMemoryUtilization * gpuMemoryGib - weightsGib / tensorParallelSize - activationGib;
    double bytes = perRankGib * (1L << 30) * tensorParallelSize;
    return (long) Math.floor(bytes / bytesPerToken);
  }
}
