package io.llmharness.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One scrape of a Prometheus text endpoint ({@code GET /metrics}): every sample, keyed by its
 * series ({@code name{labels}} exactly as exposed). Immutable.
 */
public final class MetricsSnapshot {
  private final Map<String, Double> samples;

  private MetricsSnapshot(Map<String, Double> samples) {
    this.samples = Collections.unmodifiableMap(samples);
  }

  /** A snapshot with no samples, for servers without {@code /metrics}. */
  public static MetricsSnapshot empty() {
    return new MetricsSnapshot(Map.of());
  }

  /**
   * Parses the Prometheus text exposition format (version 0.0.4). Comment and malformed lines are
   * skipped; timestamps are ignored.
   */
  public static MetricsSnapshot parse(String text) {
    Map<String, Double> samples = new LinkedHashMap<>();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int valueStart = seriesEnd(line);
      if (valueStart <= 0 || valueStart >= line.length()) {
        continue;
      }
      String series = line.substring(0, valueStart).strip();
      String[] rest = line.substring(valueStart).strip().split("\\s+");
      parseValue(rest[0]).ifPresent(v -> samples.put(series, v));
    }
    return new MetricsSnapshot(samples);
  }

  private static int seriesEnd(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    if (brace >= 0 && (space < 0 || brace < space)) {
      boolean quoted = false;
      for (int i = brace; i < line.length(); i++) {
        char c = line.charAt(i);
        if (c == '\\' && quoted) {
          i++;
        } else if (c == '"') {
          quoted = !quoted;
        } else if (c == '}' && !quoted) {
          return i + 1;
        }
      }
      return -1;
    }
    return space;
  }

  private static OptionalDouble parseValue(String s) {
    switch (s.toLowerCase(Locale.ROOT)) {
      case "nan":
        return OptionalDouble.of(Double.NaN);
      case "+inf":
        return OptionalDouble.of(Double.POSITIVE_INFINITY);
      case "-inf":
        return OptionalDouble.of(Double.NEGATIVE_INFINITY);
      default:
        try {
          return OptionalDouble.of(Double.parseDouble(s));
        } catch (NumberFormatException e) {
          return OptionalDouble.empty();
        }
    }
  }

  /** Every sample, series → value. */
  public Map<String, Double> samples() {
    return samples;
  }

  /**
   * The sum over all label sets of a metric name (e.g. {@code vllm:prefix_cache_hits_total} of
   * every engine), or empty when the server does not expose it.
   */
  public OptionalDouble sum(String name) {
    Objects.requireNonNull(name, "name");
    double total = 0;
    boolean found = false;
    for (Map.Entry<String, Double> e : samples.entrySet()) {
      String series = e.getKey();
      if (series.equals(name) || (series.startsWith(name) && series.charAt(name.length()) == '{')) {
        total += e.getValue();
        found = true;
      }
    }
    return found ? OptionalDouble.of(total) : OptionalDouble.empty();
  }

  /**
   * The change of every series present in both snapshots ({@code this − before}); for counters that
   * is what happened in between.
   */
  public Map<String, Double> deltaSince(MetricsSnapshot before) {
    Map<String, Double> delta = new LinkedHashMap<>();
    samples.forEach(
        (series, value) -> {
          Double old = before.samples.get(series);
          if (old != null) {
            delta.put(series, value - old);
          }
        });
    return delta;
  }

  /**
   * Several servers' scrapes as one snapshot: with more than one source every series gets a {@code
   * role="<name>"} label (so sums over a metric name cover all servers, and the deltas tell them
   * apart); a single source is kept as it is.
   */
  public static MetricsSnapshot merge(Map<String, MetricsSnapshot> byRole) {
    if (byRole.size() == 1) {
      return byRole.values().iterator().next();
    }
    Map<String, Double> merged = new LinkedHashMap<>();
    byRole.forEach(
        (role, snapshot) ->
            snapshot.samples.forEach((series, value) -> merged.put(withRole(series, role), value)));
    return new MetricsSnapshot(merged);
  }

  private static String withRole(String series, String role) {
    String label = "role=\"" + role + "\"";
    int brace = series.indexOf('{');
    if (brace < 0) {
      return series + "{" + label + "}";
    }
    return series.substring(0, brace + 1)
        + label
        + (series.charAt(brace + 1) == '}' ? "" : ",")
        + series.substring(brace + 1);
  }

  @Override
  public String toString() {
    return "MetricsSnapshot[" + samples.size() + " samples]";
  }
}
