package io.llmharness.results;

import io.llmharness.stats.Bimodality;
import io.llmharness.stats.ChangePoints;
import io.llmharness.stats.SeedBimodality;
import io.llmharness.stats.Summary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns the request records of one scenario into its {@link ScenarioResult}. Only measured requests
 * count; failed ones are excluded from every latency statistic and counted in {@link ErrorSummary}.
 * Values are taken in request order ({@link RequestRecord#index()}). METRICS.md states every
 * formula. Deterministic for given options. Thread-safe.
 *
 * @since 0.1.0
 */
public final class ScenarioAnalysis {
  private static final double NANOS_PER_MILLI = 1e6;
  private static final int MESSAGES_PER_CAUSE = 3;

  private ScenarioAnalysis() {}

  /**
   * Analyses {@code records} (warmup records, if included, are ignored).
   *
   * @param records the scenario's requests, in any order
   * @param metadata the seed's metadata, filled from the scenario spec
   * @param context run, spec, environment and server metrics
   * @param options bootstrap, bimodality and change-point parameters
   */
  public static ScenarioResult analyze(
      List<RequestRecord> records,
      ScenarioMetadata metadata,
      ScenarioContext context,
      AnalysisOptions options) {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(options, "options");
    List<RequestRecord> measured =
        records.stream()
            .filter(r -> r.phase() == RequestPhase.MEASURED)
            .sorted(Comparator.comparingInt(RequestRecord::index))
            .toList();
    List<RequestRecord> ok = measured.stream().filter(RequestRecord::succeeded).toList();

    double[] ttft = millis(ok, RequestRecord::ttftNanos);
    double[] tpot =
        ok.stream()
            .flatMap(r -> r.tpotNanos().stream())
            .mapToDouble(v -> v / NANOS_PER_MILLI)
            .toArray();
    List<double[]> gapsPerRequest = new ArrayList<>();
    for (RequestRecord r : ok) {
      long[] gaps = r.interTokenNanos();
      if (gaps.length > 0) {
        gapsPerRequest.add(Arrays.stream(gaps).mapToDouble(g -> g / NANOS_PER_MILLI).toArray());
      }
    }
    double[] pooledItl = gapsPerRequest.stream().flatMapToDouble(Arrays::stream).toArray();
    double[] itlMeans =
        gapsPerRequest.stream()
            .mapToDouble(g -> Arrays.stream(g).average().orElseThrow())
            .toArray();

    Map<ProxyTiming, LatencyMetric> proxy = new EnumMap<>(ProxyTiming.class);
    for (ProxyTiming timing : ProxyTiming.values()) {
      double[] values =
          ok.stream()
              .map(timing::millis)
              .filter(OptionalDouble::isPresent)
              .mapToDouble(OptionalDouble::getAsDouble)
              .toArray();
      if (values.length > 0) {
        proxy.put(timing, metric(values, options));
      }
    }

    ScenarioMetrics metrics =
        new ScenarioMetrics(
            metric(ttft, options),
            metric(millis(ok, RequestRecord::ttftFromScheduleNanos), options),
            metric(tpot, options),
            new LatencyMetric(
                pooledItl,
                pooledItl.length == 0
                    ? Optional.empty()
                    : Optional.of(Summary.ofGroups(gapsPerRequest, options.bootstrap()))),
            metric(itlMeans, options),
            metric(millis(ok, RequestRecord::e2eNanos), options),
            proxy,
            shape(ttft, options),
            shape(tpot, options),
            throughput(ok));
    return new ScenarioResult(metadata, context, metrics, errors(measured));
  }

  private static double[] millis(
      List<RequestRecord> records, Function<RequestRecord, OptionalLong> nanos) {
    return records.stream()
        .map(nanos)
        .filter(OptionalLong::isPresent)
        .mapToDouble(v -> v.getAsLong() / NANOS_PER_MILLI)
        .toArray();
  }

  private static LatencyMetric metric(double[] values, AnalysisOptions options) {
    return new LatencyMetric(
        values,
        values.length == 0
            ? Optional.empty()
            : Optional.of(Summary.of(values, options.bootstrap())));
  }

  private static ShapeAnalysis shape(double[] values, AnalysisOptions options) {
    return new ShapeAnalysis(
        SeedBimodality.of(values),
        Bimodality.test(values, options.bimodality()),
        ChangePoints.detect(values, options.changePoint()));
  }

  private static Throughput throughput(List<RequestRecord> ok) {
    List<long[]> intervals =
        ok.stream()
            .filter(r -> r.endNanos().isPresent())
            .map(r -> new long[] {r.sentNanos(), r.endNanos().getAsLong()})
            .sorted(Comparator.comparingLong(i -> i[0]))
            .toList();
    long tokens = ok.stream().mapToLong(r -> r.completionTokens().orElse(0)).sum();
    if (intervals.isEmpty()) {
      return new Throughput(0, 0, 0, 0, 0, tokens);
    }
    long first = intervals.get(0)[0];
    long last = intervals.stream().mapToLong(i -> i[1]).max().orElseThrow();
    long busy = 0;
    long start = intervals.get(0)[0];
    long end = intervals.get(0)[1];
    for (long[] i : intervals) {
      if (i[0] > end) {
        busy += end - start;
        start = i[0];
        end = i[1];
      } else {
        end = Math.max(end, i[1]);
      }
    }
    busy += end - start;
    double spanSeconds = (last - first) / 1e9;
    double busySeconds = busy / 1e9;
    int n = intervals.size();
    return new Throughput(
        spanSeconds > 0 ? n / spanSeconds : 0,
        busySeconds > 0 ? n / busySeconds : 0,
        spanSeconds > 0 ? tokens / spanSeconds : 0,
        spanSeconds,
        busySeconds,
        tokens);
  }

  private static ErrorSummary errors(List<RequestRecord> measured) {
    Map<ErrorCause, Integer> counts = new EnumMap<>(ErrorCause.class);
    Map<ErrorCause, Set<String>> messages = new EnumMap<>(ErrorCause.class);
    int failed = 0;
    for (RequestRecord r : measured) {
      if (r.error().isEmpty()) {
        continue;
      }
      failed++;
      RequestError e = r.error().get();
      counts.merge(e.cause(), 1, Integer::sum);
      Set<String> first = messages.computeIfAbsent(e.cause(), c -> new LinkedHashSet<>());
      if (first.size() < MESSAGES_PER_CAUSE) {
        first.add(e.message());
      }
    }
    Map<ErrorCause, CauseSummary> byCause = new EnumMap<>(ErrorCause.class);
    counts.forEach(
        (cause, count) ->
            byCause.put(cause, new CauseSummary(count, List.copyOf(messages.get(cause)))));
    return new ErrorSummary(measured.size(), failed, byCause);
  }
}
