package io.llmharness.emulator.internal.config;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The parsed command line: vLLM's {@code serve} flags with vLLM's names and meanings, and the
 * emulator's own. Values that default from the profile are empty when not given.
 */
public record ServeArgs(
    Optional<String> model,
    List<String> servedModelNames,
    String host,
    int port,
    OptionalInt maxModelLen,
    OptionalInt maxNumBatchedTokens,
    OptionalInt maxNumSeqs,
    OptionalInt blockSize,
    OptionalInt tensorParallelSize,
    double gpuMemoryUtilization,
    boolean enablePrefixCaching,
    Optional<KvTransferConfig> kvTransferConfig,
    Optional<String> hfOverrides,
    boolean enablePromptTokensDetails,
    boolean enableForceIncludeUsage,
    boolean enableRequestIdHeaders,
    Optional<String> apiKey,
    String profile,
    double startupDelaySeconds,
    CompatVersion compat,
    boolean sseTimestamps,
    FaultConfig faults,
    OptionalInt phaseATransfers,
    OptionalDouble phaseAFactor,
    List<String> warnings) {

  public ServeArgs {
    servedModelNames = List.copyOf(servedModelNames);
    warnings = List.copyOf(warnings);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port " + port + " is not a TCP port; use 0 to 65535");
    }
    if (!(gpuMemoryUtilization > 0 && gpuMemoryUtilization <= 1)) {
      throw new IllegalArgumentException(
          "--gpu-memory-utilization "
              + gpuMemoryUtilization
              + " must be a fraction in (0, 1]; vLLM's default is 0.9");
    }
    if (startupDelaySeconds < 0) {
      throw new IllegalArgumentException(
          "--startup-delay " + startupDelaySeconds + " is negative; use 0 or more seconds");
    }
    requirePositive("--max-model-len", maxModelLen);
    requirePositive("--max-num-batched-tokens", maxNumBatchedTokens);
    requirePositive("--max-num-seqs", maxNumSeqs);
    requirePositive("--block-size", blockSize);
    requirePositive("--tensor-parallel-size", tensorParallelSize);
    requirePositive("--phase-a-transfers", phaseATransfers);
    if (phaseAFactor.isPresent() && !(phaseAFactor.getAsDouble() >= 1)) {
      throw new IllegalArgumentException(
          "--phase-a-factor " + phaseAFactor.getAsDouble() + " must be 1 or more");
    }
  }

  private static void requirePositive(String flag, OptionalInt value) {
    if (value.isPresent() && value.getAsInt() < 1) {
      throw new IllegalArgumentException(flag + " " + value.getAsInt() + " must be at least 1");
    }
  }
}
