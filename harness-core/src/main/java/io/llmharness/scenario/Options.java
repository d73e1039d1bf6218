package io.llmharness.scenario;

import io.llmharness.internal.ConfigValues;
import java.time.Duration;
import java.util.List;

/**
 * Every scenario option. Each can be set by a {@code @Scenario} annotation (class, then method), by
 * {@link ScenarioOptions#builder()}, and by a system property {@code harness.<name>} (highest
 * precedence). Several comma-separated values form a parameter matrix.
 */
public final class Options {
  private Options() {}

  public static final Option<String> ID =
      new Option<>(
          "id",
          String.class,
          s -> s,
          "Scenario id (a template: {promptTokens}, {concurrency}, … are replaced by the values).");
  public static final Option<String> MODEL =
      new Option<>("model", String.class, s -> s, "Model name sent in requests.");
  public static final Option<Endpoint> ENDPOINT =
      new Option<>("endpoint", Endpoint.class, Endpoint::parse, "completions or chat.");
  public static final Option<Backend> BACKEND =
      new Option<>("backend", Backend.class, Backend::parse, "unified, efa or tcp.");
  public static final Option<Integer> PROMPT_TOKENS =
      new Option<>(
          "promptTokens", Integer.class, Options::parseInt, "Prompt tokens per request (exact).");
  public static final Option<Boolean> PREFIX_CACHE =
      new Option<>(
          "prefixCache",
          Boolean.class,
          Options::parseBoolean,
          "Server prefix caching; default on for unified, off for efa/tcp.");
  public static final Option<PromptSharing> PROMPT_SHARING =
      new Option<>(
          "promptSharing",
          PromptSharing.class,
          PromptSharing::parse,
          "What prompts share: unique, whole or prefix (default: unique with the cache off, whole with it on).");
  public static final Option<Integer> SHARED_PREFIX_TOKENS =
      new Option<>(
          "sharedPrefixTokens",
          Integer.class,
          Options::parseInt,
          "With the cache on: share only this many leading tokens (default: the whole prompt).");
  public static final Option<Boolean> TOKEN_IDS =
      new Option<>(
          "tokenIds", Boolean.class, Options::parseBoolean, "Send prompts as token-id lists.");
  public static final Option<Long> PROMPT_SEED =
      new Option<>("promptSeed", Long.class, Long::valueOf, "Seed of the generated prompt text.");
  public static final Option<Integer> PROMPT_TOLERANCE =
      new Option<>(
          "promptTolerance",
          Integer.class,
          Options::parseInt,
          "Allowed difference between the server's prompt_tokens and the target.");
  public static final Option<Integer> MAX_TOKENS =
      new Option<>("maxTokens", Integer.class, Options::parseInt, "Output tokens per request.");
  public static final Option<Integer> WARMUP =
      new Option<>("warmup", Integer.class, Options::parseInt, "Warmup requests.");
  public static final Option<Integer> ITERATIONS =
      new Option<>(
          "iterations",
          Integer.class,
          Options::parseInt,
          "Measured iterations (each is `concurrency` requests).");
  public static final Option<Integer> CONCURRENCY =
      new Option<>("concurrency", Integer.class, Options::parseInt, "Requests in flight.");
  public static final Option<LoadMode> LOAD_MODE =
      new Option<>("loadMode", LoadMode.class, LoadMode::parse, "continuous or rounds.");
  public static final Option<Double> REQUEST_RATE =
      new Option<>(
          "requestRate",
          Double.class,
          Options::parseDouble,
          "Open-loop arrivals per second (unset: closed loop).");
  public static final Option<Double> BURSTINESS =
      new Option<>(
          "burstiness",
          Double.class,
          Options::parseDouble,
          "Gamma shape of open-loop gaps (1 = Poisson).");
  public static final Option<Integer> MAX_MODEL_LEN =
      new Option<>(
          "maxModelLen",
          Integer.class,
          Options::parseInt,
          "The stage (server max_model_len); default: the smallest stage that fits.");
  public static final Option<Integer> TENSOR_PARALLEL_SIZE =
      new Option<>(
          "tensorParallelSize", Integer.class, Options::parseInt, "Server tensor parallelism.");
  public static final Option<Double> GPU_MEMORY_UTILIZATION =
      new Option<>(
          "gpuMemoryUtilization",
          Double.class,
          Options::parseDouble,
          "Server GPU memory fraction.");
  public static final Option<Integer> MAX_NUM_BATCHED_TOKENS =
      new Option<>(
          "maxNumBatchedTokens",
          Integer.class,
          Options::parseInt,
          "Server chunked-prefill budget (default: vLLM's).");
  public static final Option<Double> TEMPERATURE =
      new Option<>("temperature", Double.class, Options::parseDouble, "Sampling temperature.");
  public static final Option<Boolean> IGNORE_EOS =
      new Option<>(
          "ignoreEos",
          Boolean.class,
          Options::parseBoolean,
          "Generate exactly maxTokens tokens per request.");
  public static final Option<Duration> REQUEST_TIMEOUT =
      new Option<>(
          "requestTimeout",
          Duration.class,
          Options::parseDuration,
          "Per-request timeout (seconds, or ISO-8601 like PT10M).");
  public static final Option<String> LABELS =
      new Option<>(
          "labels",
          String.class,
          Options::parseLabel,
          "Metadata written to results, as key=value (phase, layer, priority, description).");

  /** All options, in the order of the README table. */
  public static List<Option<?>> all() {
    return List.of(
        ID,
        MODEL,
        ENDPOINT,
        BACKEND,
        PROMPT_TOKENS,
        PREFIX_CACHE,
        PROMPT_SHARING,
        SHARED_PREFIX_TOKENS,
        TOKEN_IDS,
        PROMPT_SEED,
        PROMPT_TOLERANCE,
        MAX_TOKENS,
        WARMUP,
        ITERATIONS,
        CONCURRENCY,
        LOAD_MODE,
        REQUEST_RATE,
        BURSTINESS,
        MAX_MODEL_LEN,
        TENSOR_PARALLEL_SIZE,
        GPU_MEMORY_UTILIZATION,
        MAX_NUM_BATCHED_TOKENS,
        TEMPERATURE,
        IGNORE_EOS,
        REQUEST_TIMEOUT,
        LABELS);
  }

  private static Integer parseInt(String s) {
    return ConfigValues.parseInt(s);
  }

  private static Double parseDouble(String s) {
    return ConfigValues.parseDecimal(s);
  }

  private static Boolean parseBoolean(String s) {
    return ConfigValues.parseBoolean(s);
  }

  private static Duration parseDuration(String s) {
    return ConfigValues.parseDuration(s);
  }

  private static String parseLabel(String s) {
    int eq = s.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("use key=value");
    }
    return s;
  }
}
