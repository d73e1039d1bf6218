package io.llmharness.emulator.internal.metrics;

import io.llmharness.emulator.internal.config.CompatVersion;
import io.llmharness.emulator.internal.engine.FinishReason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The {@code /metrics} exposition with vLLM's series names, label set ({@code model_name}, {@code
 * engine="0"}), bucket bounds and number format. Thread-safe.
 */
public final class Metrics {

  private static final double[] TTFT_BUCKETS = {
    0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0,
    20.0, 40.0, 80.0, 160.0, 640.0, 2560.0
  };
  private static final double[] ITL_BUCKETS = {
    0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0,
    40.0, 80.0
  };
  private static final double[] REQUEST_LATENCY_BUCKETS = {
    0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0,
    480.0, 960.0, 1920.0, 7680.0
  };
  private static final double[] NIXL_POST_BUCKETS = {
    0.001, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 5.0
  };
  private static final double[] NIXL_DESCRIPTOR_BUCKETS = {
    10, 20, 30, 50, 75, 100, 200, 400, 1000, 2000, 4000, 10000, 20000, 50000
  };

  private final String labels;
  private final CompatVersion compat;
  private final boolean nixl;
  private final Map<String, String> cacheConfig;

  private volatile double running;
  private volatile double waiting;
  private volatile double kvUsage;
  private final DoubleAdder prefixQueries = new DoubleAdder();
  private final DoubleAdder prefixHits = new DoubleAdder();
  private final DoubleAdder externalQueries = new DoubleAdder();
  private final DoubleAdder externalHits = new DoubleAdder();
  private final DoubleAdder promptTokens = new DoubleAdder();
  private final DoubleAdder promptLocalCompute = new DoubleAdder();
  private final DoubleAdder promptLocalCacheHit = new DoubleAdder();
  private final DoubleAdder promptExternal = new DoubleAdder();
  private final DoubleAdder promptRecomputed = new DoubleAdder();
  private final DoubleAdder generationTokens = new DoubleAdder();
  private final DoubleAdder preemptions = new DoubleAdder();
  private final Map<FinishReason, DoubleAdder> success = new EnumMap<>(FinishReason.class);
  private final Histogram ttft = new Histogram(TTFT_BUCKETS);
  private final Histogram itl = new Histogram(ITL_BUCKETS);
  private final Histogram tpot = new Histogram(ITL_BUCKETS);
  private final Histogram e2e = new Histogram(REQUEST_LATENCY_BUCKETS);
  private final Histogram queue = new Histogram(REQUEST_LATENCY_BUCKETS);
  private final Histogram inference = new Histogram(REQUEST_LATENCY_BUCKETS);
  private final Histogram prefill = new Histogram(REQUEST_LATENCY_BUCKETS);
  private final Histogram decode = new Histogram(REQUEST_LATENCY_BUCKETS);
  private final Histogram promptSize;
  private final Histogram generationSize;
  private final Histogram maxTokensParam;
  private final Histogram nParam = new Histogram(new double[] {1, 2, 5, 10, 20});
  private final Histogram iterationTokens;
  private final Histogram nixlXferTime =
      new Histogram(java.util.Arrays.copyOfRange(NIXL_POST_BUCKETS, 1, NIXL_POST_BUCKETS.length));
  private final Histogram nixlPostTime = new Histogram(NIXL_POST_BUCKETS);
  private final Histogram nixlBytes = new Histogram(bytesBuckets());
  private final Histogram nixlDescriptors = new Histogram(NIXL_DESCRIPTOR_BUCKETS);
  private final DoubleAdder nixlFailedTransfers = new DoubleAdder();
  private final DoubleAdder nixlFailedNotifications = new DoubleAdder();
  private final DoubleAdder nixlExpired = new DoubleAdder();

  /**
   * Creates the registry.
   *
   * @param modelName the {@code model_name} label (the first served model name)
   * @param compat which version's series to expose
   * @param nixl whether NixlConnector is configured (adds {@code vllm:nixl_*} and external cache)
   * @param maxModelLen upper bound of the token-count histograms
   * @param maxNumBatchedTokens upper bound of the iteration-token histogram
   * @param cacheConfig labels of {@code vllm:cache_config_info}
   */
  public Metrics(
      String modelName,
      CompatVersion compat,
      boolean nixl,
      int maxModelLen,
      int maxNumBatchedTokens,
      Map<String, String> cacheConfig) {
    this.labels = "model_name=\"" + PromText.escape(modelName) + "\",engine=\"0\"";
    this.compat = compat;
    this.nixl = nixl;
    this.cacheConfig = new LinkedHashMap<>(cacheConfig);
    for (FinishReason r : FinishReason.values()) {
      success.put(r, new DoubleAdder());
    }
    double[] sizes = oneTwoFive(maxModelLen);
    promptSize = new Histogram(sizes);
    generationSize = new Histogram(sizes);
    maxTokensParam = new Histogram(sizes);
    iterationTokens = new Histogram(oneTwoFive(maxNumBatchedTokens));
  }

  private static double[] bytesBuckets() {
    double[] b = new double[12];
    for (int i = 0; i < 12; i++) {
      b[i] = Math.pow(2, 11 + 2 * i);
    }
    return b;
  }

  private static double[] oneTwoFive(int max) {
    List<Double> out = new ArrayList<>();
    for (long scale = 1; ; scale *= 10) {
      for (int m : new int[] {1, 2, 5}) {
        long v = m * scale;
        if (v > max) {
          return out.stream().mapToDouble(Double::doubleValue).toArray();
        }
        out.add((double) v);
      }
    }
  }

  /** Sets the scheduler gauges. */
  public void gauges(int runningRequests, int waitingRequests, double kvCacheUsage) {
    running = runningRequests;
    waiting = waitingRequests;
    kvUsage = kvCacheUsage;
  }

  /** A request's prompt was looked up in the prefix cache. */
  public void prefixCacheLookup(int queriedTokens, int hitTokens) {
    prefixQueries.add(queriedTokens);
    prefixHits.add(hitTokens);
  }

  /** A request's prompt was offered by the KV connector (P/D consumer). */
  public void externalPrefixCacheLookup(int queriedTokens, int hitTokens) {
    externalQueries.add(queriedTokens);
    externalHits.add(hitTokens);
  }

  /** Prompt tokens of a request that started, split by where their KV came from. */
  public void promptTokens(int localCompute, int localCacheHit, int external) {
    promptTokens.add(localCompute + localCacheHit + external);
    promptLocalCompute.add(localCompute);
    promptLocalCacheHit.add(localCacheHit);
    promptExternal.add(external);
  }

  /** Tokens computed again after a preemption or a failed KV load. */
  public void recomputedTokens(int tokens) {
    promptRecomputed.add(tokens);
  }

  public void queueTime(double seconds) {
    queue.observe(seconds);
  }

  public void firstToken(double ttftSeconds) {
    ttft.observe(ttftSeconds);
  }

  public void interTokenLatency(double seconds) {
    itl.observe(seconds);
  }

  public void generatedTokens(int tokens) {
    generationTokens.add(tokens);
  }

  public void preemption() {
    preemptions.add(1);
  }

  public void iteration(int scheduledTokens) {
    iterationTokens.observe(scheduledTokens);
  }

  /** A request finished. Times in seconds; negative when they do not apply. */
  public void finished(
      FinishReason reason,
      int promptLength,
      int generated,
      int maxTokens,
      double e2eSeconds,
      double inferenceSeconds,
      double prefillSeconds,
      double decodeSeconds) {
    success.get(reason).add(1);
    promptSize.observe(promptLength);
    generationSize.observe(generated);
    maxTokensParam.observe(maxTokens);
    nParam.observe(1);
    e2e.observe(e2eSeconds);
    if (inferenceSeconds >= 0) {
      inference.observe(inferenceSeconds);
    }
    if (prefillSeconds >= 0) {
      prefill.observe(prefillSeconds);
    }
    if (decodeSeconds >= 0) {
      decode.observe(decodeSeconds);
      if (generated > 1) {
        tpot.observe(decodeSeconds / (generated - 1));
      }
    }
  }

  /** One KV pull finished (consumer side). */
  public void nixlTransfer(double xferSeconds, double postSeconds, long bytes, long descriptors) {
    nixlXferTime.observe(xferSeconds);
    nixlPostTime.observe(postSeconds);
    nixlBytes.observe(bytes);
    nixlDescriptors.observe(descriptors);
  }

  public void nixlFailedTransfer() {
    nixlFailedTransfers.add(1);
  }

  public void nixlFailedNotification() {
    nixlFailedNotifications.add(1);
  }

  /** Pinned blocks of a producer expired unread. */
  public void nixlExpired() {
    nixlExpired.add(1);
  }

  /** Renders the Prometheus text exposition. */
  public String render() {
    StringBuilder out = new StringBuilder(16384);
    gauge(
        out,
        "vllm:num_requests_running",
        "Number of requests in model execution batches.",
        running);
    gauge(out, "vllm:num_requests_waiting", "Number of requests waiting to be processed.", waiting);
    gauge(out, "vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", kvUsage);
    counter(
        out,
        "vllm:prefix_cache_queries",
        "Prefix cache queries, in terms of number of queried tokens.",
        prefixQueries.sum());
    counter(
        out,
        "vllm:prefix_cache_hits",
        "Prefix cache hits, in terms of number of cached tokens.",
        prefixHits.sum());
    if (nixl) {
      counter(
          out,
          "vllm:external_prefix_cache_queries",
          "External prefix cache queries from KV connector cross-instance cache sharing, in terms"
              + " of number of queried tokens.",
          externalQueries.sum());
      counter(
          out,
          "vllm:external_prefix_cache_hits",
          "External prefix cache hits from KV connector cross-instance cache sharing, in terms of"
              + " number of cached tokens.",
          externalHits.sum());
    }
    counter(
        out,
        "vllm:num_preemptions",
        "Cumulative number of preemption from the engine.",
        preemptions.sum());
    counter(out, "vllm:prompt_tokens", "Number of prefill tokens processed.", promptTokens.sum());
    if (compat == CompatVersion.V0_16) {
      family(out, "vllm:prompt_tokens_by_source", "counter", "Number of prompt tokens by source.");
      sample(
          out,
          "vllm:prompt_tokens_by_source_total",
          ",source=\"local_compute\"",
          promptLocalCompute.sum());
      sample(
          out,
          "vllm:prompt_tokens_by_source_total",
          ",source=\"local_cache_hit\"",
          promptLocalCacheHit.sum());
      sample(
          out,
          "vllm:prompt_tokens_by_source_total",
          ",source=\"external_kv_transfer\"",
          promptExternal.sum());
      counter(
          out,
          "vllm:prompt_tokens_cached",
          "Number of cached prompt tokens (local + external).",
          promptLocalCacheHit.sum() + promptExternal.sum());
      counter(
          out,
          "vllm:prompt_tokens_recomputed",
          "Number of cached tokens recomputed for forward pass.",
          promptRecomputed.sum());
    }
    counter(
        out,
        "vllm:generation_tokens",
        "Number of generation tokens processed.",
        generationTokens.sum());
    family(out, "vllm:request_success", "counter", "Count of successfully processed requests.");
    for (FinishReason r : FinishReason.values()) {
      sample(
          out,
          "vllm:request_success_total",
          ",finished_reason=\"" + r.wireName() + "\"",
          success.get(r).sum());
    }
    histogram(out, "vllm:request_prompt_tokens", "Number of prefill tokens processed.", promptSize);
    histogram(
        out,
        "vllm:request_generation_tokens",
        "Number of generation tokens processed.",
        generationSize);
    histogram(
        out,
        "vllm:iteration_tokens_total",
        "Histogram of number of tokens per engine_step.",
        iterationTokens);
    histogram(out, "vllm:request_params_n", "Histogram of the n request parameter.", nParam);
    histogram(
        out,
        "vllm:request_params_max_tokens",
        "Histogram of the max_tokens request parameter.",
        maxTokensParam);
    histogram(
        out,
        "vllm:time_to_first_token_seconds",
        "Histogram of time to first token in seconds.",
        ttft);
    histogram(
        out,
        "vllm:inter_token_latency_seconds",
        "Histogram of inter-token latency in seconds.",
        itl);
    histogram(
        out,
        "vllm:request_time_per_output_token_seconds",
        "Histogram of time_per_output_token_seconds per request.",
        tpot);
    histogram(
        out,
        "vllm:e2e_request_latency_seconds",
        "Histogram of e2e request latency in seconds.",
        e2e);
    histogram(
        out,
        "vllm:request_queue_time_seconds",
        "Histogram of time spent in WAITING phase for request.",
        queue);
    histogram(
        out,
        "vllm:request_inference_time_seconds",
        "Histogram of time spent in RUNNING phase for request.",
        inference);
    histogram(
        out,
        "vllm:request_prefill_time_seconds",
        "Histogram of time spent in PREFILL phase for request.",
        prefill);
    histogram(
        out,
        "vllm:request_decode_time_seconds",
        "Histogram of time spent in DECODE phase for request.",
        decode);
    family(out, "vllm:cache_config_info", "gauge", "Information of the LLMEngine CacheConfig");
    StringBuilder info = new StringBuilder();
    cacheConfig.forEach(
        (k, v) -> info.append(k).append("=\"").append(PromText.escape(v)).append("\","));
    out.append("vllm:cache_config_info{").append(info).append("engine=\"0\"} 1.0\n");
    if (nixl) {
      histogram(
          out,
          "vllm:nixl_xfer_time_seconds",
          "Histogram of transfer duration for NIXL KV Cache transfers.",
          nixlXferTime);
      histogram(
          out,
          "vllm:nixl_post_time_seconds",
          "Histogram of transfer post time for NIXL KV Cache transfers.",
          nixlPostTime);
      histogram(
          out,
          "vllm:nixl_bytes_transferred",
          "Histogram of bytes transferred per NIXL KV Cache transfers.",
          nixlBytes);
      histogram(
          out,
          "vllm:nixl_num_descriptors",
          "Histogram of number of descriptors per NIXL  KV Cache transfers.",
          nixlDescriptors);
      counter(
          out,
          "vllm:nixl_num_failed_transfers",
          "Number of failed NIXL KV Cache transfers.",
          nixlFailedTransfers.sum());
      counter(
          out,
          "vllm:nixl_num_failed_notifications",
          "Number of failed NIXL KV Cache notifications.",
          nixlFailedNotifications.sum());
      counter(
          out,
          "vllm:nixl_num_kv_expired_reqs",
          "Number of requests that had their KV expire.",
          nixlExpired.sum());
    }
    return out.toString();
  }

  private static void family(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private void sample(StringBuilder out, String name, String extraLabels, double value) {
    out.append(name)
        .append('{')
        .append(labels)
        .append(extraLabels)
        .append("} ")
        .append(PromText.number(value))
        .append('\n');
  }

  private void gauge(StringBuilder out, String name, String help, double value) {
    family(out, name, "gauge", help);
    sample(out, name, "", value);
  }

  private void counter(StringBuilder out, String name, String help, double value) {
    family(out, name, "counter", help);
    sample(out, name + "_total", "", value);
  }

  private void histogram(StringBuilder out, String name, String help, Histogram h) {
    family(out, name, "histogram", help);
    h.render(out, name, labels);
  }
}
