package io.llmharness.emulator.internal.profile;

import java.util.Map;
import java.util.Optional;

/**
 * A calibrated description of one model on one kind of node: shape, defaults, KV capacity, latency
 * model, KV-transfer links and optional phase A. Loaded from JSON by {@link Profiles}.
 *
 * @param name the profile's name
 * @param model the model's shape
 * @param defaultMaxModelLen max_model_len when {@code --max-model-len} is absent
 * @param defaultMaxNumBatchedTokens the chunked-prefill budget when the flag is absent
 * @param defaultMaxNumSeqs the running-set bound when the flag is absent
 * @param defaultTensorParallelSize the TP size the latencies were calibrated for, used when {@code
 *     --tensor-parallel-size} is absent
 * @param kvCapacity the KV cache size
 * @param latency the step-time model
 * @param links KV-transfer links by NIXL backend name (LIBFABRIC, UCX, …)
 * @param phaseA the optional slow first transfers
 * @param eosProbability chance that a generated token is EOS (suppressed by ignore_eos and before
 *     min_tokens)
 */
public record Profile(
    String name,
    ModelShape model,
    int defaultMaxModelLen,
    int defaultMaxNumBatchedTokens,
    int defaultMaxNumSeqs,
    int defaultTensorParallelSize,
    KvCapacity kvCapacity,
    LatencyModel latency,
    Map<String, Link> links,
    PhaseA phaseA,
    double eosProbability) {

  public Profile {
    links = Map.copyOf(links);
    Profiles.requirePositive("defaults.max_model_len", defaultMaxModelLen);
    Profiles.requirePositive("defaults.max_num_batched_tokens", defaultMaxNumBatchedTokens);
    Profiles.requirePositive("defaults.max_num_seqs", defaultMaxNumSeqs);
    Profiles.requirePositive("defaults.tensor_parallel_size", defaultTensorParallelSize);
    if (!(eosProbability >= 0 && eosProbability < 1)) {
      throw new IllegalArgumentException(
          "eos_probability " + eosProbability + " must be at least 0 and below 1");
    }
  }

  /** The link for the first of the backends that the profile knows. */
  public Optional<Link> linkFor(Iterable<String> backends) {
    for (String backend : backends) {
      Link link = links.get(backend.toUpperCase(java.util.Locale.ROOT));
      if (link != null) {
        return Optional.of(link);
      }
    }
    return Optional.empty();
  }
}
