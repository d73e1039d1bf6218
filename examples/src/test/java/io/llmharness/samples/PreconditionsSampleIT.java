package io.llmharness.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Sample 12 must skip on a machine without GPU and RDMA, with the reason: this runs it through the
 * JUnit engine with the samples' configuration and checks (and prints) the reasons, so a sample 12
 * that starts to run, or skips for another reason, fails the build.
 */
class PreconditionsSampleIT {
  @TempDir Path results;

  @Test
  void sample12SkipsWithTheReasonOnAMachineWithoutGpuAndRdma() throws IOException {
    EngineExecutionResults r =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(HarnessSample_12_Preconditions.class))
            .configurationParameters(samplesConfiguration())
            .configurationParameter("harness.results.dir", results.toString())
            .configurationParameter("harness.logs.dir", results.resolve("logs").toString())
            .execute();

    List<String> reasons =
        r.allEvents().skipped().stream()
            .map(Event::getPayload)
            .map(p -> p.map(Object::toString).orElse(""))
            .toList();
    reasons.forEach(reason -> System.out.println("skipped: " + reason));
    assertThat(reasons)
        .hasSize(2)
        .anySatisfy(
            reason ->
                assertThat(reason)
                    .startsWith(
                        "@RequiresGpuDirect(minimum = likely_enabled) is unmet: GPUDirect RDMA is"
                            + " unsupported")
                    .contains("no RDMA device", "no NVIDIA GPU"))
        .anySatisfy(
            reason ->
                assertThat(reason)
                    .startsWith("@RequiresBandwidth is unmet: RDMA bandwidth was not measured")
                    .contains("'efa' is not available"));
    assertThat(results.resolve("logs")).doesNotExist();
  }

  private static Map<String, String> samplesConfiguration() throws IOException {
    Properties p = new Properties();
    try (InputStream in =
        PreconditionsSampleIT.class.getResourceAsStream("/junit-platform.properties")) {
      p.load(in);
    }
    return Map.copyOf(
        p.stringPropertyNames().stream()
            .collect(java.util.stream.Collectors.toMap(k -> k, p::getProperty)));
  }
}
