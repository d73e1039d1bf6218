package io.llmharness.scenario;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One fully resolved scenario: every option has its final value, the stage is derived and the rules
 * are checked. Immutable; equal specs have equal {@link #hash()}es, which is how a rerun recognises
 * finished scenarios.
 *
 * @param id the scenario id, also the name of its result files
 * @param model the model name sent in requests (the server's served model name)
 * @param endpoint completions or chat
 * @param backend unified, or disaggregated over EFA or TCP
 * @param prompt the prompt's length and sharing
 * @param maxTokens output tokens per request ({@code max_tokens})
 * @param load warmup, iterations, concurrency or rate
 * @param server the settings of the server (stage, prefix cache, parallelism)
 * @param temperature sampling temperature, sent explicitly (vLLM's default comes from the model)
 * @param ignoreEos send {@code ignore_eos} so every request generates exactly {@code maxTokens}
 * @param requestTimeout a request not finished within this is recorded as a timeout
 * @param labels free-form metadata written to the result (the seed's phase, layer, priority)
 */
public record ScenarioSpec(
    String id,
    String model,
    Endpoint endpoint,
    Backend backend,
    PromptShape prompt,
    int maxTokens,
    LoadShape load,
    ServerSettings server,
    double temperature,
    boolean ignoreEos,
    Duration requestTimeout,
    Map<String, String> labels) {

  public ScenarioSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(load, "load");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    labels = Map.copyOf(labels);
  }

  /** This spec with another load shape (same id; the hash changes with it). */
  public ScenarioSpec withLoad(LoadShape newLoad) {
    return new ScenarioSpec(
        id,
        model,
        endpoint,
        backend,
        prompt,
        maxTokens,
        newLoad,
        server,
        temperature,
        ignoreEos,
        requestTimeout,
        labels);
  }

  /**
   * The spec as an ordered map of plain values (strings, numbers, booleans), as written into the
   * result's metadata and hashed.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("model", model);
    m.put("endpoint", endpoint.name().toLowerCase(java.util.Locale.ROOT));
    m.put("backend", backend.name().toLowerCase(java.util.Locale.ROOT));
    m.put("prompt_tokens", prompt.tokens());
    m.put("prompt_sharing", prompt.sharing().name().toLowerCase(java.util.Locale.ROOT));
    prompt.sharedPrefixTokens().ifPresent(k -> m.put("shared_prefix_tokens", k));
    m.put("token_id_prompt", prompt.tokenIds());
    m.put("prompt_seed", prompt.seed());
    m.put("prompt_token_tolerance", prompt.tolerance());
    m.put("max_tokens", maxTokens);
    m.put("warmup", load.warmup());
    m.put("iterations", load.iterations());
    m.put("concurrency", load.concurrency());
    m.put("load_mode", load.mode().name().toLowerCase(java.util.Locale.ROOT));
    load.requestRate().ifPresent(r -> m.put("request_rate", r));
    m.put("burstiness", load.burstiness());
    m.put("max_model_len", server.maxModelLen());
    m.put("prefix_cache", server.prefixCache());
    m.put("tensor_parallel_size", server.tensorParallelSize());
    m.put("gpu_memory_utilization", server.gpuMemoryUtilization());
    server.maxNumBatchedTokens().ifPresent(t -> m.put("max_num_batched_tokens", t));
    m.put("temperature", temperature);
    m.put("ignore_eos", ignoreEos);
    m.put("request_timeout_seconds", requestTimeout.toMillis() / 1000.0);
    m.put("labels", new TreeMap<>(labels));
    return m;
  }

  /** Hex SHA-256 of {@link #toMap()}'s canonical text: equal specs, equal hashes. */
  public String hash() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(sha.digest(toMap().toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
