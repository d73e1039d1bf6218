package io.llmharness.results.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmharness.results.CauseSummary;
import io.llmharness.results.Environment;
import io.llmharness.results.ErrorCause;
import io.llmharness.results.ErrorSummary;
import io.llmharness.results.LatencyMetric;
import io.llmharness.results.ProxyTiming;
import io.llmharness.results.ScenarioContext;
import io.llmharness.results.ScenarioMetadata;
import io.llmharness.results.ScenarioMetrics;
import io.llmharness.results.ScenarioResult;
import io.llmharness.results.ServerMetrics;
import io.llmharness.results.ShapeAnalysis;
import io.llmharness.results.Throughput;
import io.llmharness.stats.BimodalityTest;
import io.llmharness.stats.BootstrapIntervals;
import io.llmharness.stats.ChangePoint;
import io.llmharness.stats.ConfidenceInterval;
import io.llmharness.stats.MixtureComponent;
import io.llmharness.stats.SeedBimodality;
import io.llmharness.stats.SeedStats;
import io.llmharness.stats.Summary;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a {@link ScenarioResult} as the result file: the seed's {@code metadata} and {@code
 * results} with the seed's key names, order and units (milliseconds), our extra keys after the
 * seed's in {@code results}, then the {@code extended} object. Keys are written in a fixed order.
 */
public final class ResultJson {
  /** The version of the {@code extended} object's layout. */
  public static final int SCHEMA_VERSION = 1;

  /** Key of the spec hash inside {@code extended}. */
  public static final String SPEC_HASH = "spec_hash";

  /** Key of the {@code extended} object. */
  public static final String EXTENDED = "extended";

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT);

  private ResultJson() {}

  /** The result file's text, ending with a newline. */
  public static String write(ScenarioResult result) {
    ObjectNode root = Json.object();
    root.set("metadata", metadata(result.metadata(), result.errors().successful()));
    root.set("results", results(result.metrics()));
    root.set(EXTENDED, extended(result));
    try {
      return Json.PRETTY.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode metadata(ScenarioMetadata m, int successful) {
    ObjectNode node = Json.object();
    m.phase().ifPresent(p -> node.put("phase", p));
    node.put("mode", m.mode());
    node.put("backend", m.backend());
    node.put("prefix_cache", m.prefixCache());
    node.put("prompt_tokens", m.promptTokens());
    node.put("max_tokens", m.maxTokens());
    node.put("warmup_iterations", m.warmupIterations());
    node.put("measurement_iterations", m.measurementIterations());
    node.put("concurrency", m.concurrency());
    node.put("measurement_type", m.measurementType());
    node.put("measurement_method", m.measurementMethod());
    node.put("timestamp", TIMESTAMP.format(m.timestamp()));
    node.put("model", m.model());
    node.put("vllm_version", m.vllmVersion());
    node.put("instance_type", m.instanceType());
    node.put("total_successful_requests", successful);
    m.layer().ifPresent(l -> node.put("layer", l));
    m.priority().ifPresent(p -> node.put("priority", p));
    return node;
  }

  private static ObjectNode results(ScenarioMetrics m) {
    ObjectNode node = Json.object();
    node.set("ttft", stats(m.ttft().seedStats(), true));
    node.set("ttft_bimodal", seedBimodal(m.ttftShape().seedBimodality()));
    node.set("tpot", stats(m.tpot().seedStats(), true));
    node.set("tpot_bimodal", seedBimodal(m.tpotShape().seedBimodality()));
    node.set("e2e_latency", stats(m.e2e().seedStats(), true));
    Json.putReal(node, "throughput_rps", m.throughput().requestsPerSecond());
    proxyStats(node, m, ProxyTiming.PREFILL, ProxyTiming.KV_EXTRACT);
    // Extensions, after the seed's keys.
    node.set("ttft_from_schedule", stats(m.ttftFromSchedule().seedStats(), true));
    node.set("itl", stats(m.itl().seedStats(), false));
    node.set("itl_per_request_mean", stats(m.itlPerRequestMean().seedStats(), true));
    Json.putReal(node, "throughput_rps_busy", m.throughput().requestsPerSecondBusy());
    Json.putReal(node, "output_tokens_per_second", m.throughput().outputTokensPerSecond());
    proxyStats(node, m, ProxyTiming.DECODE_FIRST_TOKEN, ProxyTiming.TOTAL);
    return node;
  }

  /** The seed-style stats of those proxy timings that were measured, in the order given. */
  private static void proxyStats(ObjectNode node, ScenarioMetrics m, ProxyTiming... timings) {
    for (ProxyTiming timing : timings) {
      LatencyMetric metric = m.proxy().get(timing);
      if (metric != null) {
        node.set(timing.resultKey(), stats(metric.seedStats(), true));
      }
    }
  }

  private static ObjectNode stats(SeedStats s, boolean withRaw) {
    ObjectNode node = Json.object();
    Json.putMillis(node, "p50", s.p50());
    Json.putMillis(node, "p95", s.p95());
    Json.putMillis(node, "p99", s.p99());
    Json.putMillis(node, "mean", s.mean());
    Json.putMillis(node, "stdev", s.stdev());
    Json.putMillis(node, "min", s.min());
    Json.putMillis(node, "max", s.max());
    if (withRaw) {
      node.set("raw", millisArray(s.raw()));
    }
    return node;
  }

  private static ArrayNode millisArray(List<Double> values) {
    ArrayNode array = Json.array();
    values.forEach(v -> array.add(Json.millis(v)));
    return array;
  }

  private static ObjectNode seedBimodal(SeedBimodality b) {
    ObjectNode node = Json.object();
    node.put("bimodal", b.bimodal());
    node.set("phase_a", millisArray(b.phaseA()));
    node.set("phase_b", millisArray(b.phaseB()));
    node.set("phase_a_stats", b.phaseAStats().map(s -> stats(s, true)).orElseGet(Json::object));
    node.set("phase_b_stats", stats(b.phaseBStats(), true));
    node.set("raw_stats", stats(b.rawStats(), true));
    b.cv().ifPresent(cv -> Json.putReal(node, "cv", cv));
    b.threshold().ifPresent(t -> Json.putReal(node, "threshold", t));
    return node;
  }

  private static ObjectNode extended(ScenarioResult result) {
    ScenarioContext c = result.context();
    ScenarioMetrics m = result.metrics();
    ObjectNode node = Json.object();
    node.put("schema_version", SCHEMA_VERSION);
    node.put("run_id", c.runId());
    node.put("scenario_id", c.scenarioId());
    node.put(SPEC_HASH, c.specHash());
    node.set("spec", Json.MAPPER.valueToTree(c.spec()));
    node.set("requests", requests(result.errors()));
    node.set("errors", errors(result.errors()));
    node.set("throughput", throughput(m.throughput()));

    ObjectNode summaries = Json.object();
    summaries.set("ttft", summary(m.ttft().summary()));
    summaries.set("ttft_from_schedule", summary(m.ttftFromSchedule().summary()));
    summaries.set("tpot", summary(m.tpot().summary()));
    summaries.set("itl", summary(m.itl().summary()));
    summaries.set("itl_per_request_mean", summary(m.itlPerRequestMean().summary()));
    summaries.set("e2e_latency", summary(m.e2e().summary()));
    m.proxy()
        .forEach((timing, metric) -> summaries.set(timing.resultKey(), summary(metric.summary())));
    node.set("summaries", summaries);

    ObjectNode bimodality = Json.object();
    bimodality.set("ttft", optional(m.ttftShape().bimodality().map(ResultJson::bimodality)));
    bimodality.set("tpot", optional(m.tpotShape().bimodality().map(ResultJson::bimodality)));
    node.set("bimodality", bimodality);

    int warmup = result.metadata().warmupIterations();
    ObjectNode changePoint = Json.object();
    changePoint.set("ttft", optional(changePoint(m.ttftShape(), warmup)));
    changePoint.set("tpot", optional(changePoint(m.tpotShape(), warmup)));
    node.set("change_point", changePoint);
    node.set("warmup_advice", optionalText(result.warmupAdvice()));

    node.set("server_metrics", serverMetrics(c.serverMetrics()));
    node.set("environment", environment(c.environment()));
    return node;
  }

  private static JsonNode optional(Optional<? extends JsonNode> value) {
    return value.isPresent() ? value.get() : Json.object().nullNode();
  }

  private static JsonNode optionalText(Optional<String> value) {
    return optional(value.map(v -> Json.object().textNode(v)));
  }

  private static ObjectNode requests(ErrorSummary e) {
    ObjectNode node = Json.object();
    node.put("measured", e.measured());
    node.put("successful", e.successful());
    node.put("failed", e.failed());
    Json.putReal(node, "error_rate", e.errorRate());
    return node;
  }

  private static ObjectNode errors(ErrorSummary e) {
    ObjectNode node = Json.object();
    for (Map.Entry<ErrorCause, CauseSummary> entry : e.byCause().entrySet()) {
      ObjectNode cause = Json.object();
      cause.put("count", entry.getValue().count());
      ArrayNode messages = cause.putArray("first_messages");
      entry.getValue().firstMessages().forEach(messages::add);
      node.set(entry.getKey().name().toLowerCase(Locale.ROOT), cause);
    }
    return node;
  }

  private static ObjectNode throughput(Throughput t) {
    ObjectNode node = Json.object();
    Json.putReal(node, "throughput_rps", t.requestsPerSecond());
    Json.putReal(node, "throughput_rps_busy", t.requestsPerSecondBusy());
    Json.putReal(node, "output_tokens_per_second", t.outputTokensPerSecond());
    Json.putReal(node, "span_seconds", t.spanSeconds());
    Json.putReal(node, "busy_seconds", t.busySeconds());
    node.put("completion_tokens", t.completionTokens());
    return node;
  }

  private static JsonNode summary(Optional<Summary> summary) {
    if (summary.isEmpty()) {
      return Json.object().nullNode();
    }
    Summary s = summary.get();
    ObjectNode node = Json.object();
    node.put("n", s.n());
    Json.putMillis(node, "mean", s.mean());
    Json.putMillis(node, "stdev", s.stdev());
    Json.putMillis(node, "min", s.min());
    Json.putMillis(node, "max", s.max());
    Json.putMillis(node, "p50", s.p50());
    Json.putMillis(node, "p90", s.p90());
    Json.putMillis(node, "p95", s.p95());
    Json.putMillis(node, "p99", s.p99());
    Json.putReal(node, "cv", s.cv());
    node.set("ci", optional(s.intervals().map(ResultJson::intervals)));
    return node;
  }

  private static ObjectNode intervals(BootstrapIntervals ci) {
    ObjectNode node = Json.object();
    node.put("method", "percentile-bootstrap");
    node.put("resampling", ci.resampling().name().toLowerCase(Locale.ROOT));
    node.put("resamples", ci.options().resamples());
    Json.putReal(node, "confidence_level", ci.options().confidenceLevel());
    node.put("seed", ci.options().seed());
    node.set("mean", interval(ci.mean()));
    node.set("p50", interval(ci.p50()));
    node.set("p99", interval(ci.p99()));
    return node;
  }

  private static ArrayNode interval(ConfidenceInterval ci) {
    return millisArray(List.of(ci.lower(), ci.upper()));
  }

  private static ObjectNode bimodality(BimodalityTest t) {
    ObjectNode node = Json.object();
    node.put("method", BimodalityTest.METHOD);
    node.put("n", t.n());
    node.put("bimodal", t.bimodal());

    ObjectNode dip = node.putObject("dip");
    Json.putReal(dip, "statistic", t.dip().statistic());
    Json.putReal(dip, "p_value", t.dip().pValue());
    dip.put("simulations", t.dip().simulations());
    dip.put("rejects_unimodality", t.dipRejectsUnimodality());
    dip.set("modal_interval", millisArray(List.of(t.dip().modalLow(), t.dip().modalHigh())));

    ObjectNode mixture = node.putObject("mixture");
    mixture.put("scale", t.mixture().scale().name().toLowerCase(Locale.ROOT));
    Json.putReal(mixture, "delta_bic", t.mixture().deltaBic());
    Json.putReal(mixture, "separation_ashman_d", t.mixture().separation());
    mixture.put("finds_two_modes", t.mixtureFindsTwoModes());
    ArrayNode modes = mixture.putArray("modes");
    modes.add(mode(t.mixture().fast()));
    modes.add(mode(t.mixture().slow()));

    ObjectNode rule = node.putObject("rule");
    Json.putReal(rule, "alpha", t.options().alpha());
    Json.putReal(rule, "min_delta_bic", t.options().minDeltaBic());
    Json.putReal(rule, "min_separation", t.options().minSeparation());
    Json.putReal(rule, "min_weight", t.options().minWeight());
    rule.put("log_scale", t.options().logScale());
    rule.put("seed", t.options().seed());
    return node;
  }

  private static ObjectNode mode(MixtureComponent c) {
    ObjectNode node = Json.object();
    Json.putReal(node, "weight", c.weight());
    Json.putMillis(node, "mean", c.mean());
    Json.putMillis(node, "stdev", c.stdev());
    return node;
  }

  private static Optional<ObjectNode> changePoint(ShapeAnalysis shape, int warmup) {
    return shape.changePoint().map(cp -> changePoint(cp, warmup));
  }

  private static ObjectNode changePoint(ChangePoint cp, int warmup) {
    ObjectNode node = Json.object();
    node.put("method", "max-between-segment-ss+permutation");
    node.put("n", cp.n());
    node.put("index", cp.index());
    Json.putMillis(node, "mean_before", cp.meanBefore());
    Json.putMillis(node, "mean_after", cp.meanAfter());
    Json.putReal(node, "explained_fraction", cp.explainedFraction());
    Json.putReal(node, "p_value", cp.pValue());
    node.put("permutations", cp.permutations());
    Json.putReal(node, "alpha", cp.alpha());
    node.put("significant", cp.significant());
    node.put("earlier_slower", cp.earlierSlower());
    node.set("advice", optionalText(cp.warmupAdvice(warmup)));
    return node;
  }

  private static ObjectNode serverMetrics(ServerMetrics s) {
    ObjectNode node = Json.object();
    ObjectNode deltas = node.putObject("deltas");
    s.deltas().forEach((series, delta) -> deltas.set(series, Json.real(delta)));
    node.set(
        "prefix_cache_hit_rate",
        s.prefixCacheHitRate().isPresent()
            ? Json.real(s.prefixCacheHitRate().getAsDouble())
            : Json.object().nullNode());
    return node;
  }

  private static ObjectNode environment(Environment e) {
    ObjectNode node = Json.object();
    node.put("harness_version", e.harnessVersion());
    node.put("java_version", e.javaVersion());
    node.put("java_vendor", e.javaVendor());
    node.put("host_name", e.hostName());
    node.put("os", e.os());
    node.set("server_version", optionalText(e.serverVersion()));
    return node;
  }
}
