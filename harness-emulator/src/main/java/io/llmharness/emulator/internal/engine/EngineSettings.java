package io.llmharness.emulator.internal.engine;

import io.llmharness.emulator.internal.profile.LatencyModel;
import io.llmharness.emulator.internal.profile.Link;
import io.llmharness.emulator.internal.profile.PhaseA;
import java.util.Optional;

/**
 * Everything the engine needs to know, resolved from flags and profile.
 *
 * @param maxModelLen the context length
 * @param maxNumSeqs bound on the running set
 * @param maxNumBatchedTokens token budget of one step
 * @param blockSize tokens per KV block
 * @param numBlocks KV blocks in the cache
 * @param prefixCaching whether the prefix cache is on
 * @param latency the step-time model
 * @param eosProbability chance that a sampled token is EOS
 * @param bytesPerToken KV bytes per token (for transfers)
 * @param numLayers layers (NIXL descriptors per block)
 * @param link the KV-transfer link when P/D is configured
 * @param phaseA slow first transfers
 * @param failOnKvLoadError kv_load_failure_policy {@code fail} (else {@code recompute})
 */
public record EngineSettings(
    int maxModelLen,
    int maxNumSeqs,
    int maxNumBatchedTokens,
    int blockSize,
    int numBlocks,
    boolean prefixCaching,
    LatencyModel latency,
    double eosProbability,
    long bytesPerToken,
    int numLayers,
    Optional<Link> link,
    PhaseA phaseA,
    boolean failOnKvLoadError) {}
