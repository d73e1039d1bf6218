package io.llmharness.results;

import java.util.Collections;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * How the server's {@code /metrics} counters changed while the measured requests ran (from just
 * before the first was sent to just after the last finished; overlapping warmup and cooldown
 * requests contribute, see METRICS.md), and the prefix-cache hit rate derived from them.
 *
 * @param deltas series ({@code name{labels}} as exposed) → after − before, sorted by series
 * @param prefixCacheHitRate {@code Δvllm:prefix_cache_hits_total /
 *     Δvllm:prefix_cache_queries_total} over all label sets (token-weighted), when the server
 *     exposes both and queries grew
 * @since 0.1.0
 */
public record ServerMetrics(Map<String, Double> deltas, OptionalDouble prefixCacheHitRate) {
  /** vLLM's counter of prompt tokens looked up in the prefix cache. */
  public static final String PREFIX_CACHE_QUERIES = "vllm:prefix_cache_queries_total";

  /** vLLM's counter of prompt tokens found in the prefix cache. */
  public static final String PREFIX_CACHE_HITS = "vllm:prefix_cache_hits_total";

  public ServerMetrics {
    deltas = Collections.unmodifiableMap(new TreeMap<>(deltas));
    java.util.Objects.requireNonNull(prefixCacheHitRate, "prefixCacheHitRate");
  }

  /** No metrics (a server without {@code /metrics}). */
  public static ServerMetrics none() {
    return new ServerMetrics(Map.of(), OptionalDouble.empty());
  }

  /** The deltas, with the prefix-cache hit rate computed from them. */
  public static ServerMetrics of(Map<String, Double> deltas) {
    double queries = sum(deltas, PREFIX_CACHE_QUERIES);
    double hits = sum(deltas, PREFIX_CACHE_HITS);
    return new ServerMetrics(
        deltas, queries > 0 ? OptionalDouble.of(hits / queries) : OptionalDouble.empty());
  }

  private static double sum(Map<String, Double> deltas, String name) {
    double total = 0;
    for (Map.Entry<String, Double> e : deltas.entrySet()) {
      String series = e.getKey();
      if (series.equals(name) || series.startsWith(name + "{")) {
        total += e.getValue();
      }
    }
    return total;
  }
}
