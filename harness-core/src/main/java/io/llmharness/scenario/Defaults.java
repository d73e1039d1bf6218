package io.llmharness.scenario;

import java.time.Duration;

/** The values a scenario option takes when no layer sets it (the Phase 15 guide's, mostly). */
public final class Defaults {
  private Defaults() {}

  public static final String MODEL = "Qwen/Qwen2.5-32B-Instruct";
  public static final Endpoint ENDPOINT = Endpoint.COMPLETIONS;
  public static final Backend BACKEND = Backend.UNIFIED;
  public static final int PROMPT_TOKENS = 1024;
  public static final boolean TOKEN_IDS = false;
  public static final long PROMPT_SEED = 0;
  public static final int PROMPT_TOLERANCE = 0;
  public static final int MAX_TOKENS = 100;
  public static final int WARMUP = 20;
  public static final int ITERATIONS = 30;
  public static final int CONCURRENCY = 1;
  public static final LoadMode LOAD_MODE = LoadMode.CONTINUOUS;
  public static final double BURSTINESS = 1.0;
  public static final int TENSOR_PARALLEL_SIZE = 1;
  public static final double GPU_MEMORY_UTILIZATION = 0.9;
  public static final double TEMPERATURE = 0.0;
  public static final boolean IGNORE_EOS = true;
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(600);

  /** Prefix caching defaults to on for unified and off for disaggregated backends (the guide's). */
  public static boolean prefixCache(Backend backend) {
    return !backend.disaggregated();
  }
}
