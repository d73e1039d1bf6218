package io.llmharness.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * {@link RequiresGpuDirect} and {@link RequiresBandwidth} through the JUnit engine, with the real
 * tools of this machine (no GPU, no RDMA device): both skip with their reason on the emulated
 * target, an unmet one fails on a real target unless its tools are missing, both fail or skip when
 * told to, measure once per run and write their JSON beside the results.
 */
class PreflightPreconditionsIT {

  @TempDir Path results;

  private EngineExecutionResults run(Class<?> sample, Map<String, String> extra) {
    var kit =
        EngineTestKit.engine("junit-jupiter")
            .configurationParameter("harness.results.dir", results.toString())
            .configurationParameter("harness.run.id", "it")
            // Short, bounded measurements; free ports so parallel builds do not collide.
            .configurationParameter("harness.preflight.iperf3.duration", "1s")
            .configurationParameter("harness.preflight.iperf3.streams", "2")
            .configurationParameter("harness.preflight.iperf3.port", Integer.toString(freePort()))
            .configurationParameter("harness.preflight.rdma.port", Integer.toString(freePort()))
            .configurationParameter("harness.preflight.rdma.iterations", "5")
            .configurationParameters(extra)
            .selectors(selectClass(sample));
    return kit.execute();
  }

  @Test
  void requiresGpuDirectSkipsWithTheReasonOnThisMachine() {
    EngineExecutionResults r = run(PreflightSamples.NeedsGpuDirect.class, Map.of());

    r.containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                skippedWithReason(
                    reason ->
                        reason.startsWith(
                                "@RequiresGpuDirect(minimum = likely_enabled) is unmet:"
                                    + " GPUDirect RDMA is unsupported on local:")
                            && reason.contains("no RDMA device")
                            && reason.contains("no NVIDIA GPU"))));
  }

  @Test
  void requiresGpuDirectOnAMethodSkipsOnlyThatMethod() {
    EngineExecutionResults r = run(PreflightSamples.NeedsGpuDirectOnOneMethod.class, Map.of());

    r.testEvents().assertStatistics(stats -> stats.skipped(1).succeeded(1));
  }

  @Test
  void requiresGpuDirectWritesItsReportBesideTheResults() throws IOException {
    run(PreflightSamples.NeedsGpuDirect.class, Map.of());

    Path file = results.resolve("it/preflight/gpudirect_rdma.json");
    assertThat(new ObjectMapper().readTree(Files.readString(file)).get("gpudirect_status").asText())
        .isEqualTo("unsupported");
  }

  @Test
  void failOnUnmetTurnsTheSkipIntoAFailure() {
    EngineExecutionResults r =
        run(
            PreflightSamples.NeedsAnImpossibleRatio.class,
            measurableRdma("harness.preflight.failOnUnmet", "true"));

    assertFailed(r, "neverRuns", "is below 1000.00");
  }

  @Test
  void anUnmetPreconditionFailsOnARealTarget() {
    EngineExecutionResults r =
        run(
            PreflightSamples.NeedsAnImpossibleRatio.class,
            measurableRdma("harness.target", "local"));

    assertFailed(r, "neverRuns", "@RequiresBandwidth is unmet: EFA/TCP ratio");
  }

  @Test
  void aRealTargetStillSkipsWhereTheToolsAreMissing() {
    EngineExecutionResults r =
        run(PreflightSamples.NeedsGpuDirectOnOneMethod.class, Map.of("harness.target", "local"));

    assertThat(skipReasons(r))
        .singleElement()
        .asString()
        .contains("GPUDirect RDMA is unsupported")
        .endsWith("; not installed: nvidia-smi on local");
  }

  @Test
  void failOnMissingToolsTurnsThatSkipIntoAFailure() {
    EngineExecutionResults r =
        run(
            PreflightSamples.NeedsGpuDirectOnOneMethod.class,
            Map.of("harness.target", "local", "harness.preflight.failOnMissingTools", "true"));

    assertFailed(r, "needsIt", "not installed: nvidia-smi");
  }

  @Test
  void failOnUnmetFalseSkipsAnUnmetPreconditionOnARealTarget() {
    EngineExecutionResults r =
        run(
            PreflightSamples.NeedsAnImpossibleRatio.class,
            measurableRdma("harness.target", "local", "harness.preflight.failOnUnmet", "false"));

    assertThat(skipReasons(r)).singleElement().asString().contains("is below 1000.00");
  }

  @Test
  void theAnnotationCanAskToFail() {
    EngineExecutionResults r = run(PreflightSamples.FailsWithoutGpuDirect.class, Map.of());

    r.testEvents().assertStatistics(stats -> stats.failed(1));
  }

  @Test
  void theAnnotationCanInsistOnSkipping() {
    EngineExecutionResults r =
        run(
            PreflightSamples.SkipsWithoutGpuDirectEvenWhenConfiguredToFail.class,
            Map.of("harness.preflight.failOnUnmet", "true"));

    r.testEvents().assertStatistics(stats -> stats.skipped(1).failed(0));
  }

  @Test
  void aLowerMinimumLetsTheTestRun() {
    EngineExecutionResults r = run(PreflightSamples.AcceptsUnsupportedGpuDirect.class, Map.of());

    r.testEvents().assertStatistics(stats -> stats.succeeded(1));
  }

  @Test
  void requiresBandwidthSkipsWithTheReasonWhenEfaIsMissing() {
    EngineExecutionResults r = run(PreflightSamples.NeedsEfaBandwidth.class, Map.of());

    List<String> reasons = skipReasons(r);
    assertThat(reasons).hasSize(2);
    assertThat(reasons.get(0))
        .startsWith("@RequiresBandwidth is unmet: RDMA bandwidth was not measured:")
        .contains("'efa' is not available");
  }

  @Test
  void requiresBandwidthMeasuresOncePerRun() {
    EngineExecutionResults r = run(PreflightSamples.NeedsEfaBandwidth.class, Map.of());

    // Each reason carries the measurement's timestamp: equal reasons mean one measurement.
    List<String> reasons = skipReasons(r);
    assertThat(reasons).hasSize(2);
    assertThat(reasons.get(1)).isEqualTo(reasons.get(0));
  }

  @Test
  void requiresBandwidthWritesItsReportBesideTheResults() throws IOException {
    run(PreflightSamples.NeedsEfaBandwidth.class, Map.of());

    var json =
        new ObjectMapper()
            .readTree(Files.readString(results.resolve("it/preflight/baseline_bandwidth.json")));
    assertThat(json.get("efa_bandwidth_gbps").isNull()).isTrue();
    assertThat(json.get("tcp_bandwidth_gbps").asDouble()).isPositive();
  }

  @Test
  void requiresBandwidthRunsTheTestWhenBothAreMeasured() {
    EngineExecutionResults r =
        run(PreflightSamples.NeedsAnyMeasuredBandwidth.class, measurableRdma());

    r.testEvents().assertStatistics(stats -> stats.succeeded(1));
  }

  @Test
  void requiresBandwidthNamesTheRatioThatIsTooLow() {
    EngineExecutionResults r = run(PreflightSamples.NeedsAnImpossibleRatio.class, measurableRdma());

    assertThat(skipReasons(r)).singleElement().asString().contains("is below 1000.00");
  }

  /**
   * Both RDMA and TCP measurable on this machine (libfabric's tcp provider), plus {@code extra}.
   */
  private static Map<String, String> measurableRdma(String... extra) {
    Map<String, String> config = new HashMap<>();
    config.put("harness.preflight.rdma.provider", "tcp");
    config.put("harness.preflight.rdma.tool", "fi_pingpong");
    for (int i = 0; i < extra.length; i += 2) {
      config.put(extra[i], extra[i + 1]);
    }
    return config;
  }

  /** Test {@code method} failed, and its message contains {@code fragment}. */
  private static void assertFailed(EngineExecutionResults r, String method, String fragment) {
    r.testEvents()
        .assertThatEvents()
        .haveExactly(
            1, event(test(method), finishedWithFailure(message(m -> m.contains(fragment)))));
  }

  private static List<String> skipReasons(EngineExecutionResults r) {
    return r.testEvents().skipped().stream()
        .map(Event::getPayload)
        .map(p -> p.map(Object::toString).orElse(""))
        .toList();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
