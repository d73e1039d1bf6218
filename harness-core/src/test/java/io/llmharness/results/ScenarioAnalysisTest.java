package io.llmharness.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioAnalysisTest {
  private static final AnalysisOptions OPTIONS = AnalysisOptions.defaults();

  private static ScenarioResult analyze(List<RequestRecord> records) {
    return ScenarioAnalysis.analyze(
        records, Fixtures.metadata(), Fixtures.context("p15-tcp-4k-c1", "abc"), OPTIONS);
  }

  private static final ScenarioResult SMALL = analyze(Fixtures.smallScenario());

  @Test
  void ttftIsPerSuccessfulMeasuredRequestInRequestOrder() {
    assertThat(SMALL.metrics().ttft().valuesMs()).containsExactly(100, 80, 120);
  }

  @Test
  void ttftFromScheduleIncludesClientQueueing() {
    assertThat(SMALL.metrics().ttftFromSchedule().valuesMs()).containsExactly(100, 130, 120);
  }

  @Test
  void e2eRunsFromHandOffToTheEndOfTheStream() {
    assertThat(SMALL.metrics().e2e().valuesMs()).containsExactly(130, 105, 121);
  }

  @Test
  void tpotUsesUsageTokensAndSkipsSingleTokenRequests() {
    // (130 - 100) / (4 - 1) and (105 - 80) / (3 - 1); the 1-token request has no TPOT.
    assertThat(SMALL.metrics().tpot().valuesMs()).containsExactly(10, 12.5);
  }

  @Test
  void itlPoolsEveryGapAndAlsoAveragesPerRequest() {
    assertThat(SMALL.metrics().itl().valuesMs()).containsExactly(10, 15, 10, 10);
    assertThat(SMALL.metrics().itl().summary().orElseThrow().mean()).isEqualTo(11.25);
    assertThat(SMALL.metrics().itlPerRequestMean().valuesMs()).containsExactly(12.5, 10);
  }

  @Test
  void throughputFollowsTheSeedOverTheWholeSpan() {
    // 3 successes between the first hand-off (0 ms) and the last end (621 ms), pauses included.
    Throughput t = SMALL.metrics().throughput();
    assertThat(t.spanSeconds()).isCloseTo(0.621, within(1e-12));
    assertThat(t.requestsPerSecond()).isCloseTo(3 / 0.621, within(1e-9));
    assertThat(t.outputTokensPerSecond()).isCloseTo(8 / 0.621, within(1e-9));
    assertThat(t.completionTokens()).isEqualTo(8);
  }

  @Test
  void busyThroughputLeavesOutThePauses() {
    // Busy intervals 130 + 105 + 121 ms.
    Throughput t = SMALL.metrics().throughput();
    assertThat(t.busySeconds()).isCloseTo(0.356, within(1e-12));
    assertThat(t.requestsPerSecondBusy()).isCloseTo(3 / 0.356, within(1e-9));
  }

  @Test
  void overlappingRequestsCountOnceInBusyTime() {
    List<RequestRecord> records =
        List.of(
            TestRecords.request(0, 0).events(10).endAt(100).tokens(1).build(),
            TestRecords.request(1, 50).events(10).endAt(100).tokens(1).build(),
            TestRecords.request(2, 300).events(10).endAt(100).tokens(1).build());
    Throughput t = analyze(records).metrics().throughput();
    assertThat(t.busySeconds()).isCloseTo(0.25, within(1e-12));
    assertThat(t.spanSeconds()).isCloseTo(0.4, within(1e-12));
  }

  @Test
  void failuresAreCountedByCauseButNotInLatencies() {
    ErrorSummary e = SMALL.errors();
    assertThat(e.measured()).isEqualTo(5);
    assertThat(e.failed()).isEqualTo(2);
    assertThat(e.errorRate()).isEqualTo(0.4);
    assertThat(e.byCause()).containsOnlyKeys(ErrorCause.HTTP_STATUS, ErrorCause.TIMEOUT);
    assertThat(e.byCause().get(ErrorCause.TIMEOUT).firstMessages())
        .containsExactly("Request timeout (600s)");
  }

  @Test
  void onlyProxyTimingsThatSomeRequestCarriedArePresent() {
    assertThat(SMALL.metrics().proxy()).containsOnlyKeys(ProxyTiming.PREFILL, ProxyTiming.TOTAL);
    assertThat(SMALL.metrics().proxy().get(ProxyTiming.PREFILL).valuesMs()).containsExactly(50.5);
  }

  @Test
  void firstMessagesPerCauseAreDistinctAndFew() {
    List<RequestRecord> records = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      records.add(
          TestRecords.request(i, i * 10)
              .failed(ErrorCause.CONNECTION_REFUSED, "refused " + i % 5)
              .build());
    }
    CauseSummary refused = analyze(records).errors().byCause().get(ErrorCause.CONNECTION_REFUSED);
    assertThat(refused.count()).isEqualTo(10);
    assertThat(refused.firstMessages()).containsExactly("refused 0", "refused 1", "refused 2");
  }

  @Test
  void noSuccessGivesEmptyMetricsAndZeroThroughput() {
    ScenarioResult r =
        analyze(List.of(TestRecords.request(0, 0).failed(ErrorCause.TIMEOUT, "t").build()));
    assertThat(r.metrics().ttft().summary()).isEmpty();
    assertThat(r.metrics().ttft().seedStats().raw()).isEmpty();
    assertThat(r.metrics().throughput().requestsPerSecond()).isZero();
    assertThat(r.errors().errorRate()).isEqualTo(1);
  }

  @Test
  void aSlowStartBecomesWarmupAdvice() {
    // TTFT 900 + (i % 4) ms for the first 6 requests, 300 + (i % 4) ms after: means 901.17, 301.56.
    List<RequestRecord> records = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      double ttft = (i < 6 ? 900 : 300) + (i % 4);
      records.add(
          TestRecords.request(i, i * 1000)
              .events(ttft, ttft + 20)
              .endAt(ttft + 25)
              .tokens(2)
              .build());
    }
    assertThat(analyze(records).warmupAdvice())
        .hasValue(
            "the first 6 measured requests were slower (mean 901.2 ms vs 301.6 ms);"
                + " raise warmup to at least 7");
  }

  @Test
  void serverMetricsGiveThePrefixCacheHitRate() {
    assertThat(SMALL.context().serverMetrics().prefixCacheHitRate()).hasValue(0.25);
  }
}
