package io.llmharness.phase15;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.junit.HarnessRun;
import io.llmharness.junit.LlmBenchmark;
import io.llmharness.results.ScenarioResult;
import io.llmharness.stats.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * What the study compares across scenarios, checked after every stage has run ({@code @Order}
 * last): each distinct deployment started once; TPOT does not depend on the backend. Skipped for
 * scenario pairs that were not selected in this run.
 */
@LlmBenchmark
@Order(Integer.MAX_VALUE)
class Phase15ComparisonsIT {

  /** Scenario pairs at equal prompt length and concurrency: EFA first, TCP second. */
  static final List<String[]> EFA_TCP_PAIRS =
      List.of(
          new String[] {"p15-L0-efa-4k-c1", "p15-L0-tcp-4k-c1"},
          new String[] {"p15-L2-efa-20k-c1", "p15-L2-tcp-20k-c1"},
          new String[] {"p15-L2-efa-20k-c4", "p15-L2-tcp-20k-c4"},
          new String[] {"p15-L2-efa-50k-c1", "p15-L2-tcp-50k-c1"},
          new String[] {"p15-L2-efa-100k-c1", "p15-L2-tcp-100k-c1"});

  @Test
  void eachDistinctDeploymentStartedOnce(HarnessRun run) {
    Assumptions.assumeTrue(
        run.distinctDeployments() > 0, "no scenario started a server in this run");
    System.out.printf(
        Locale.ROOT,
        "[phase15] %d deployment starts for %d distinct deployments%n",
        run.serverStarts(),
        run.distinctDeployments());
    assertThat(run.serverStarts())
        .as(
            "server starts (each distinct deployment should start once); results in %s",
            run.runDirectory())
        .isEqualTo(run.distinctDeployments());
  }

  @Test
  void tpotDoesNotDependOnTheBackend(HarnessRun run) {
    double tolerance = Bounds.current().tpotTolerance();
    List<String> compared = new ArrayList<>();
    for (String[] pair : EFA_TCP_PAIRS) {
      Optional<Summary> efa = tpot(run, pair[0]);
      Optional<Summary> tcp = tpot(run, pair[1]);
      if (efa.isEmpty() || tcp.isEmpty()) {
        continue;
      }
      double a = efa.get().p50();
      double b = tcp.get().p50();
      double relative = Math.abs(a - b) / Math.max(a, b);
      compared.add(pair[0] + " vs " + pair[1]);
      assertThat(relative)
          .as(
              "TPOT p50 %s = %.3f ms vs %s = %.3f ms (difference %.1f%%, tolerance %.0f%% from bounds %s); results in %s",
              pair[0],
              a,
              pair[1],
              b,
              100 * relative,
              100 * tolerance,
              Bounds.current().name(),
              run.runDirectory())
          .isLessThanOrEqualTo(tolerance);
    }
    Assumptions.assumeFalse(compared.isEmpty(), "no EFA/TCP pair ran in this run");
  }

  static Optional<Summary> tpot(HarnessRun run, String id) {
    return run.result(id).flatMap((ScenarioResult r) -> r.metrics().tpot().summary());
  }
}
