package io.llmharness.proxy.internal.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The proxy's own counters and phase-time histograms, rendered in the Prometheus text format. */
public final class ProxyMetrics {

  /** The phases timed per completion request. */
  public enum Phase {
    LENGTH_CHECK,
    PREFILL,
    KV_EXTRACT,
    DECODE_FIRST_TOKEN,
    DECODE,
    TOTAL;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<ErrorCause, LongAdder> errors = new EnumMap<>(ErrorCause.class);
  private final Map<Phase, Histogram> phases = new EnumMap<>(Phase.class);
  private final Map<String, LongAdder> connects = new ConcurrentHashMap<>();
  private final LongAdder inFlight = new LongAdder();
  private final LongAdder kvParamsMissing = new LongAdder();
  private final LongAdder tokenizeCalls = new LongAdder();
  private final LongAdder sseEvents = new LongAdder();
  private final LongAdder decodeBytes = new LongAdder();

  public ProxyMetrics() {
    for (ErrorCause c : ErrorCause.values()) {
      errors.put(c, new LongAdder());
    }
    for (Phase p : Phase.values()) {
      phases.put(p, new Histogram());
    }
  }

  /** A request arrived on {@code route}. */
  public void request(String route) {
    requests.computeIfAbsent(route, r -> new LongAdder()).increment();
  }

  public void error(ErrorCause cause) {
    errors.get(cause).increment();
  }

  public void phase(Phase phase, long nanos) {
    phases.get(phase).observeNanos(nanos);
  }

  public void connectionOpened(String role) {
    connects.computeIfAbsent(role, r -> new LongAdder()).increment();
  }

  public void inFlight(int delta) {
    inFlight.add(delta);
  }

  public void kvParamsMissing() {
    kvParamsMissing.increment();
  }

  public void tokenizeCall() {
    tokenizeCalls.increment();
  }

  public void sseEvents(long n) {
    sseEvents.add(n);
  }

  public void decodeBytes(long n) {
    decodeBytes.add(n);
  }

  /** The Prometheus text exposition of everything above. */
  public String render() {
    StringBuilder sb = new StringBuilder(8192);
    sb.append("# HELP proxy_requests_total Requests received, by route.\n");
    sb.append("# TYPE proxy_requests_total counter\n");
    requests.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                sb.append("proxy_requests_total{route=\"")
                    .append(e.getKey())
                    .append("\"} ")
                    .append(e.getValue().sum())
                    .append('\n'));
    sb.append("# HELP proxy_requests_in_flight Completion requests in progress.\n");
    sb.append("# TYPE proxy_requests_in_flight gauge\n");
    sb.append("proxy_requests_in_flight ").append(inFlight.sum()).append('\n');
    sb.append("# HELP proxy_errors_total Requests that ended in an error, by cause.\n");
    sb.append("# TYPE proxy_errors_total counter\n");
    for (Map.Entry<ErrorCause, LongAdder> e : errors.entrySet()) {
      sb.append("proxy_errors_total{cause=\"")
          .append(e.getKey().label())
          .append("\"} ")
          .append(e.getValue().sum())
          .append('\n');
    }
    sb.append(
        "# HELP proxy_kv_params_missing_total Prefill responses without kv_transfer_params.\n");
    sb.append("# TYPE proxy_kv_params_missing_total counter\n");
    sb.append("proxy_kv_params_missing_total ").append(kvParamsMissing.sum()).append('\n');
    sb.append("# HELP proxy_tokenize_calls_total /tokenize calls of the context-length check.\n");
    sb.append("# TYPE proxy_tokenize_calls_total counter\n");
    sb.append("proxy_tokenize_calls_total ").append(tokenizeCalls.sum()).append('\n');
    sb.append(
        "# HELP proxy_upstream_connections_opened_total New upstream connections, by role.\n");
    sb.append("# TYPE proxy_upstream_connections_opened_total counter\n");
    connects.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                sb.append("proxy_upstream_connections_opened_total{role=\"")
                    .append(e.getKey())
                    .append("\"} ")
                    .append(e.getValue().sum())
                    .append('\n'));
    sb.append("# HELP proxy_sse_events_total SSE data events relayed from decode servers.\n");
    sb.append("# TYPE proxy_sse_events_total counter\n");
    sb.append("proxy_sse_events_total ").append(sseEvents.sum()).append('\n');
    sb.append("# HELP proxy_decode_bytes_total Body bytes relayed from decode servers.\n");
    sb.append("# TYPE proxy_decode_bytes_total counter\n");
    sb.append("proxy_decode_bytes_total ").append(decodeBytes.sum()).append('\n');
    sb.append(
        "# HELP proxy_phase_seconds Time of each phase of a completion request"
            + " (harness-proxy/README.md defines them).\n");
    sb.append("# TYPE proxy_phase_seconds histogram\n");
    for (Map.Entry<Phase, Histogram> e : phases.entrySet()) {
      e.getValue().render(sb, "proxy_phase_seconds", "phase=\"" + e.getKey().label() + "\"");
    }
    return sb.toString();
  }
}
