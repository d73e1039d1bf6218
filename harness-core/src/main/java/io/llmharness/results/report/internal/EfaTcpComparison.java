package io.llmharness.results.report.internal;

import io.llmharness.stats.BootstrapOptions;
import io.llmharness.stats.Difference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * EFA against TCP at one prompt length and concurrency: the measured TTFT difference TCP − EFA and
 * the KV transfer times the baseline bandwidths predict.
 *
 * @param promptTokens the prompt length both scenarios share
 * @param concurrency the concurrency both scenarios share
 * @param efa the EFA scenario
 * @param tcp the TCP scenario
 * @param ttftDifference TCP − EFA TTFT (medians and means, bootstrap intervals); empty when a
 *     scenario has fewer than two successful requests
 * @param kvBytes the KV cache bytes of one prompt: bytes per token × prompt tokens
 * @param predictedEfaMillis {@code kvBytes × 8 / EFA bandwidth}, when EFA was measured
 * @param predictedTcpMillis {@code kvBytes × 8 / TCP bandwidth}, when TCP was measured
 */
public record EfaTcpComparison(
    int promptTokens,
    int concurrency,
    ScenarioEntry efa,
    ScenarioEntry tcp,
    Optional<Difference> ttftDifference,
    long kvBytes,
    OptionalDouble predictedEfaMillis,
    OptionalDouble predictedTcpMillis) {

  public EfaTcpComparison {
    Objects.requireNonNull(efa, "efa");
    Objects.requireNonNull(tcp, "tcp");
    Objects.requireNonNull(ttftDifference, "ttftDifference");
    Objects.requireNonNull(predictedEfaMillis, "predictedEfaMillis");
    Objects.requireNonNull(predictedTcpMillis, "predictedTcpMillis");
  }

  /** Predicted TCP − EFA transfer time, when both bandwidths were measured. */
  public OptionalDouble predictedDifferenceMillis() {
    return predictedEfaMillis.isPresent() && predictedTcpMillis.isPresent()
        ? OptionalDouble.of(predictedTcpMillis.getAsDouble() - predictedEfaMillis.getAsDouble())
        : OptionalDouble.empty();
  }

  /** Milliseconds to move {@code bytes} at {@code gbps} Gbit/s (10^9 bit/s). */
  public static double transferMillis(long bytes, double gbps) {
    return bytes * 8.0 / (gbps * 1e9) * 1e3;
  }

  /**
   * The comparisons and notes of a run.
   *
   * @param comparisons by prompt length, then concurrency
   * @param notes one sentence per ambiguous pairing
   */
  public record Pairing(List<EfaTcpComparison> comparisons, List<String> notes) {
    public Pairing {
      comparisons = List.copyOf(comparisons);
      notes = List.copyOf(notes);
    }
  }

  /**
   * Pairs every EFA scenario with the TCP scenario of the same prompt length and concurrency; when
   * several share a key, the first in report order is used and a note names the others.
   */
  public static Pairing pair(
      List<ScenarioEntry> scenarios,
      Baseline baseline,
      long kvBytesPerToken,
      BootstrapOptions bootstrap) {
    Map<List<Integer>, List<ScenarioEntry>> efa = byKey(scenarios, ScenarioEntry.EFA);
    Map<List<Integer>, List<ScenarioEntry>> tcp = byKey(scenarios, ScenarioEntry.TCP);
    List<EfaTcpComparison> comparisons = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    efa.keySet().stream()
        .filter(tcp::containsKey)
        .sorted(Comparator.<List<Integer>>comparingInt(k -> k.get(0)).thenComparing(k -> k.get(1)))
        .forEach(
            key -> {
              ScenarioEntry e = pick(efa.get(key), key, notes);
              ScenarioEntry t = pick(tcp.get(key), key, notes);
              long bytes = kvBytesPerToken * key.get(0);
              comparisons.add(
                  new EfaTcpComparison(
                      key.get(0),
                      key.get(1),
                      e,
                      t,
                      difference(t.ttftValues(), e.ttftValues(), bootstrap),
                      bytes,
                      predict(bytes, baseline.efa()),
                      predict(bytes, baseline.tcp())));
            });
    return new Pairing(comparisons, notes);
  }

  private static Map<List<Integer>, List<ScenarioEntry>> byKey(
      List<ScenarioEntry> scenarios, String backend) {
    Map<List<Integer>, List<ScenarioEntry>> out = new LinkedHashMap<>();
    for (ScenarioEntry s : scenarios) {
      if (s.backend().equals(backend)
          && s.promptTokens().isPresent()
          && s.concurrency().isPresent()) {
        out.computeIfAbsent(
                List.of(s.promptTokens().getAsInt(), s.concurrency().getAsInt()),
                k -> new ArrayList<>())
            .add(s);
      }
    }
    return out;
  }

  private static ScenarioEntry pick(
      List<ScenarioEntry> candidates, List<Integer> key, List<String> notes) {
    List<ScenarioEntry> sorted = candidates.stream().sorted(ScenarioEntry.REPORT_ORDER).toList();
    if (sorted.size() > 1) {
      notes.add(
          "Several "
              + sorted.get(0).backend().toUpperCase(java.util.Locale.ROOT)
              + " scenarios at "
              + Format.integer(key.get(0))
              + " prompt tokens and concurrency "
              + key.get(1)
              + ": `"
              + sorted.get(0).id()
              + "` is compared, not "
              + String.join(
                  ", ",
                  sorted.subList(1, sorted.size()).stream().map(s -> "`" + s.id() + "`").toList())
              + ".");
    }
    return sorted.get(0);
  }

  private static Optional<Difference> difference(
      double[] tcp, double[] efa, BootstrapOptions bootstrap) {
    return tcp.length >= Difference.MIN_SIZE && efa.length >= Difference.MIN_SIZE
        ? Optional.of(Difference.of(tcp, efa, bootstrap))
        : Optional.empty();
  }

  private static OptionalDouble predict(long bytes, Baseline.Link link) {
    return link.gbps().isPresent()
        ? OptionalDouble.of(transferMillis(bytes, link.gbps().getAsDouble()))
        : OptionalDouble.empty();
  }
}
