package io.llmharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.scenario.Backend;
import io.llmharness.scenario.ScenarioOptions;
import io.llmharness.scenario.ScenarioSpec;
import io.llmharness.scenario.Scenarios;
import io.llmharness.scenario.StageLadder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden tests: the command lines of the Phase 15 deployments, compared with files under {@code
 * src/test/resources/io/llmharness/server/}. A change to a golden file changes what runs on GPU
 * nodes; review it against vllm-api.md §3, §4.5 and §6.3.
 */
class VllmCommandLineTest {
  private static final TargetConfig TWO_NODES =
      TargetConfig.fromProperties(
          Map.of("harness.target", "ssh", "harness.nodes", "10.0.0.1,10.0.0.2"));

  private static ScenarioSpec phase15(Backend backend, int promptTokens) {
    return Scenarios.resolve(
            ScenarioOptions.builder()
                .backend(backend)
                .promptTokens(promptTokens)
                .tensorParallelSize(4)
                .gpuMemoryUtilization(0.9)
                .build(),
            "s",
            StageLadder.DEFAULT)
        .get(0);
  }

  private static ScenarioSpec withBatchedTokens(ScenarioSpec s) {
    return Scenarios.resolve(
            ScenarioOptions.builder()
                .backend(s.backend())
                .promptTokens(s.prompt().tokens())
                .tensorParallelSize(4)
                .maxNumBatchedTokens(s.server().maxModelLen())
                .build(),
            "s",
            StageLadder.DEFAULT)
        .get(0);
  }

  private static String render(ServerSpec server, TargetConfig target) {
    int port = server.port();
    ServerCommand c =
        new ServerCommand(
            concat(
                target.vllm().executable(), VllmCommandLine.serveArgs(server, port, target.vllm())),
            VllmCommandLine.environment(server, server.sideChannelPort(), target.vllm()));
    return c.render() + "\n";
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new java.util.ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = VllmCommandLineTest.class.getResourceAsStream(name)) {
      assertThat(in).as("golden file %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void unifiedStageOneWithPrefixCache() throws IOException {
    Deployment d =
        new DeploymentPlanner(TWO_NODES).plan(withBatchedTokens(phase15(Backend.UNIFIED, 20000)));

    assertThat(render(d.servers().get(0), TWO_NODES)).isEqualTo(golden("unified-20k-stage1.txt"));
  }

  @Test
  void efaPrefillAndDecodeAtStageThreeWithYarn() throws IOException {
    Deployment.Disaggregated d =
        (Deployment.Disaggregated)
            new DeploymentPlanner(TWO_NODES).plan(withBatchedTokens(phase15(Backend.EFA, 100000)));

    assertThat(render(d.prefill(), TWO_NODES) + render(d.decode(), TWO_NODES))
        .isEqualTo(golden("efa-100k-stage3.txt"));
  }

  @Test
  void tcpPrefillAndDecodeAtStageTwo() throws IOException {
    Deployment.Disaggregated d =
        (Deployment.Disaggregated)
            new DeploymentPlanner(TWO_NODES).plan(phase15(Backend.TCP, 50000));

    assertThat(render(d.prefill(), TWO_NODES) + render(d.decode(), TWO_NODES))
        .isEqualTo(golden("tcp-50k-stage2.txt"));
  }

  @Test
  void vllm011UsesTheRopeScalingFlag() throws IOException {
    TargetConfig old =
        TargetConfig.fromProperties(
            Map.of(
                "harness.target",
                "ssh",
                "harness.nodes",
                "10.0.0.1,10.0.0.2",
                "harness.vllm.version",
                "0.11"));
    Deployment d = new DeploymentPlanner(old).plan(phase15(Backend.UNIFIED, 100000));

    assertThat(render(d.servers().get(0), old)).isEqualTo(golden("unified-100k-vllm011.txt"));
  }

  private static List<String> unifiedArgs(Map<String, String> keys) {
    Map<String, String> config = new java.util.HashMap<>(keys);
    config.put("harness.target", "ssh");
    config.put("harness.nodes", "10.0.0.1");
    TargetConfig target = TargetConfig.fromProperties(config);
    ServerSpec server =
        new DeploymentPlanner(target).plan(phase15(Backend.UNIFIED, 20000)).servers().get(0);
    return VllmCommandLine.serveArgs(server, server.port(), target.vllm());
  }

  @Test
  void eachPhase15SwitchCanBeTurnedOff() {
    List<String> args =
        unifiedArgs(
            Map.of(
                "harness.vllm.enforceEager", "false",
                "harness.vllm.chunkedPrefill", "false",
                "harness.vllm.trustRemoteCode", "false"));

    assertThat(args)
        .doesNotContain("--enforce-eager", "--enable-chunked-prefill", "--trust-remote-code")
        .contains("--enable-prefix-caching");
  }

  @Test
  void requestLoggingNeedsNoFlagFromVllm011On() {
    assertThat(unifiedArgs(Map.of("harness.vllm.version", "0.11")))
        .doesNotContain("--disable-log-requests", "--enable-log-requests");
    assertThat(unifiedArgs(Map.of("harness.vllm.version", "0.16")))
        .doesNotContain("--disable-log-requests", "--enable-log-requests");
  }

  @Test
  void requestLoggingIsTurnedOnOrOffInTheFormOfTheVersion() {
    assertThat(
            unifiedArgs(Map.of("harness.vllm.version", "0.16", "harness.vllm.logRequests", "true")))
        .contains("--enable-log-requests")
        .doesNotContain("--disable-log-requests");
    assertThat(unifiedArgs(Map.of("harness.vllm.version", "0.10")))
        .contains("--disable-log-requests")
        .doesNotContain("--enable-log-requests");
  }

  @Test
  void equalScenariosForTheServerGiveEqualDeployments() {
    DeploymentPlanner planner = new DeploymentPlanner(TWO_NODES);
    ScenarioSpec c1 = phase15(Backend.EFA, 20000);
    ScenarioSpec c4 =
        Scenarios.resolve(
                ScenarioOptions.builder()
                    .backend(Backend.EFA)
                    .promptTokens(4096)
                    .concurrency(4)
                    .tensorParallelSize(4)
                    .build(),
                "other",
                StageLadder.DEFAULT)
            .get(0);

    assertThat(planner.plan(c4)).isEqualTo(planner.plan(c1));
    assertThat(planner.plan(phase15(Backend.TCP, 20000))).isNotEqualTo(planner.plan(c1));
    assertThat(planner.plan(phase15(Backend.EFA, 50000))).isNotEqualTo(planner.plan(c1));
  }
}
