package io.llmharness.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsSnapshotTest {
  private static final String BEFORE =
      """
      # HELP vllm:prefix_cache_queries_total Prefix cache queries, in terms of number of queried tokens.
      # TYPE vllm:prefix_cache_queries_total counter
      vllm:prefix_cache_queries_total{engine="0",model_name="m"} 1000.0
      vllm:prefix_cache_hits_total{engine="0",model_name="m"} 0.0
      vllm:num_requests_running{engine="0",model_name="m"} 0.0
      vllm:request_success_total{engine="0",finished_reason="length",model_name="m"} 1.0
      vllm:request_success_total{engine="0",finished_reason="stop",model_name="m"} 0.0
      vllm:time_to_first_token_seconds_bucket{engine="0",le="+Inf",model_name="m"} 1.0
      odd{label="with } brace"} 7 1732700000000
      """;

  @Test
  void seriesKeepTheirLabelsAndValues() {
    MetricsSnapshot s = MetricsSnapshot.parse(BEFORE);

    assertThat(s.samples())
        .containsEntry("vllm:prefix_cache_queries_total{engine=\"0\",model_name=\"m\"}", 1000.0)
        .containsEntry("odd{label=\"with } brace\"}", 7.0);
  }

  @Test
  void sumAddsEveryLabelSetOfOneNameOnly() {
    MetricsSnapshot s = MetricsSnapshot.parse(BEFORE);

    assertThat(s.sum("vllm:request_success_total")).hasValue(1.0);
    assertThat(s.sum("vllm:prefix_cache_hits")).isEmpty();
  }

  @Test
  void deltaIsTheChangeOfEverySeriesInBoth() {
    MetricsSnapshot before = MetricsSnapshot.parse(BEFORE);
    MetricsSnapshot after =
        MetricsSnapshot.parse(
            BEFORE
                .replace("} 1000.0", "} 3000.0")
                .replace(
                    "vllm:prefix_cache_hits_total{engine=\"0\",model_name=\"m\"} 0.0",
                    "vllm:prefix_cache_hits_total{engine=\"0\",model_name=\"m\"} 1984.0"));

    assertThat(after.deltaSince(before))
        .containsEntry("vllm:prefix_cache_queries_total{engine=\"0\",model_name=\"m\"}", 2000.0)
        .containsEntry("vllm:prefix_cache_hits_total{engine=\"0\",model_name=\"m\"}", 1984.0);
  }

  @Test
  void mergingSeveralServersLabelsEverySeriesWithItsRole() {
    MetricsSnapshot decode =
        MetricsSnapshot.parse("vllm:prefix_cache_hits_total{engine=\"0\"} 5\nplain 1\n");
    MetricsSnapshot proxy = MetricsSnapshot.parse("proxy_requests_total 2\n");

    MetricsSnapshot merged =
        MetricsSnapshot.merge(java.util.Map.of("decode", decode, "proxy", proxy));

    assertThat(merged.samples())
        .containsEntry("vllm:prefix_cache_hits_total{role=\"decode\",engine=\"0\"}", 5.0)
        .containsEntry("plain{role=\"decode\"}", 1.0)
        .containsEntry("proxy_requests_total{role=\"proxy\"}", 2.0);
    assertThat(merged.sum("vllm:prefix_cache_hits_total")).hasValue(5.0);
    assertThat(MetricsSnapshot.merge(java.util.Map.of("only", decode))).isSameAs(decode);
  }
}
