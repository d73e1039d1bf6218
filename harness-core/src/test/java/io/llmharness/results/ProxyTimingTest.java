package io.llmharness.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyTimingTest {
  @Test
  void headersAreFoundWhateverTheirCase() {
    assertThat(
            ProxyTiming.headerMillis(
                Map.of("x-proxy-prefill-time", "2844.10"), "X-Proxy-Prefill-Time"))
        .hasValue(2844.10);
  }

  @Test
  void unparseableHeaderValuesAreIgnoredLikeTheSeed() {
    assertThat(
            ProxyTiming.headerMillis(Map.of("X-Proxy-Prefill-Time", "n/a"), "X-Proxy-Prefill-Time"))
        .isEmpty();
    assertThat(
            ProxyTiming.headerMillis(Map.of("X-Proxy-Prefill-Time", "NaN"), "X-Proxy-Prefill-Time"))
        .isEmpty();
  }

  @Test
  void commentValuesAreReadFromKeyValueComments() {
    List<String> comments =
        List.of(" keep-alive", " proxy_decode_first_token_time=12.5", "proxy_total_time=30");
    assertThat(ProxyTiming.commentMillis(comments, "proxy_decode_first_token_time")).hasValue(12.5);
    assertThat(ProxyTiming.commentMillis(comments, "proxy_total_time")).hasValue(30);
  }

  @Test
  void severalPairsOnOneCommentLineAndTheLastOccurrenceWins() {
    List<String> comments =
        List.of("proxy_total_time=1 proxy_decode_first_token_time=2", "proxy_total_time=3");
    assertThat(ProxyTiming.commentMillis(comments, "proxy_total_time")).hasValue(3);
    assertThat(ProxyTiming.commentMillis(comments, "proxy_decode_first_token_time")).hasValue(2);
  }

  @Test
  void aKeyThatOnlyStartsTheSameIsNotMatched() {
    assertThat(ProxyTiming.commentMillis(List.of("proxy_total_time_ms=5"), "proxy_total_time"))
        .isEmpty();
  }

  @Test
  void recordsAreReadThroughTheirSource() {
    RequestRecord r =
        TestRecords.request(0, 0)
            .events(10)
            .endAt(20)
            .header("X-Proxy-KV-Extract-Time", "0.25")
            .comment("proxy_total_time=19.5")
            .build();
    assertThat(ProxyTiming.KV_EXTRACT.millis(r)).hasValue(0.25);
    assertThat(ProxyTiming.TOTAL.millis(r)).hasValue(19.5);
    assertThat(ProxyTiming.PREFILL.millis(r)).isEmpty();
  }
}
