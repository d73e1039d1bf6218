package io.llmharness.proxy.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProxyMetricsTest {

  @Test
  void countsRequestsAndErrorsByLabel() {
    ProxyMetrics m = new ProxyMetrics();
    m.request("completions");
    m.request("completions");
    m.error(ErrorCause.PREFILL_TIMEOUT);
    String text = m.render();
    assertThat(text).contains("proxy_requests_total{route=\"completions\"} 2\n");
    assertThat(text).contains("proxy_errors_total{cause=\"prefill_timeout\"} 1\n");
    assertThat(text).contains("proxy_errors_total{cause=\"decode_broken\"} 0\n");
  }

  @Test
  void histogramsAreCumulativeWithSumAndCount() {
    ProxyMetrics m = new ProxyMetrics();
    m.phase(ProxyMetrics.Phase.PREFILL, 3_000_000); // 3 ms
    m.phase(ProxyMetrics.Phase.PREFILL, 2_000_000_000L); // 2 s
    String text = m.render();
    assertThat(text).contains("proxy_phase_seconds_bucket{phase=\"prefill\",le=\"0.001\"} 0\n");
    assertThat(text).contains("proxy_phase_seconds_bucket{phase=\"prefill\",le=\"0.005\"} 1\n");
    assertThat(text).contains("proxy_phase_seconds_bucket{phase=\"prefill\",le=\"2.5\"} 2\n");
    assertThat(text).contains("proxy_phase_seconds_bucket{phase=\"prefill\",le=\"+Inf\"} 2\n");
    assertThat(text).contains("proxy_phase_seconds_count{phase=\"prefill\"} 2\n");
    assertThat(text).contains("proxy_phase_seconds_sum{phase=\"prefill\"} 2.003\n");
  }

  @Test
  void everyLineIsACommentOrASample() {
    ProxyMetrics m = new ProxyMetrics();
    m.connectionOpened("decode");
    m.phase(ProxyMetrics.Phase.KV_EXTRACT, 20_000);
    for (String line : m.render().split("\n")) {
      assertThat(line).matches("# (HELP|TYPE) .*|[a-z_]+(\\{[^}]*\\})? [0-9.E+-]+");
    }
  }
}
