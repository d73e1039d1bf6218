package io.llmharness.phase15.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** The suite's assertions fail, with a useful message, when the data says they should. */
class FailingAssertionsIT {
  @TempDir Path dir;

  @Test
  void aPhaseAOfSlowFirstTransfersFailsTheBimodalityCheckWithWarmupAdvice() {
    Map<String, String> config = SuiteRuns.settings(dir);
    config.put("harness.scenarios", "p15-L0-efa-4k-c1");
    config.put("harness.warmup", "1");
    config.put("harness.iterations", "20");
    // The first 9 KV pulls (1 warmup, 8 measured) take 30 times longer: NIXL's "phase A".
    config.put("harness.emulator.args", "--phase-a-transfers 9 --phase-a-factor 30");

    EngineExecutionResults r = SuiteRuns.run(config, List.of("Stage1Layer0BaselineIT"));

    r.testEvents().assertStatistics(s -> s.started(1).failed(1));
    assertThat(SuiteRuns.failureMessages(r))
        .singleElement()
        .asString()
        .contains("scenario [p15-L0-efa-4k-c1] TTFT is bimodal (dip p=")
        .contains("raise warmup to at least")
        .contains("behaviour/p15-L0-efa-4k-c1.json");
  }

  @Test
  void aProfileWhereTcpIsFasterFailsTheEfaBelowTcpCheck() throws IOException {
    Path profile = dir.resolve("tcp-faster.json");
    String fast;
    try (InputStream in =
        getClass().getResourceAsStream("/io/llmharness/emulator/profiles/fast.json")) {
      fast = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    Files.writeString(
        profile,
        fast.replace("\"name\": \"fast\"", "\"name\": \"tcp-faster\"")
            .replaceAll(
                "\"LIBFABRIC\":\\s*\\{\\s*\"gbps\":\\s*[0-9.]+", "\"LIBFABRIC\": { \"gbps\": 2")
            .replaceAll("\"UCX\":\\s*\\{\\s*\"gbps\":\\s*[0-9.]+", "\"UCX\": { \"gbps\": 100"));
    Map<String, String> config = SuiteRuns.settings(dir);
    config.put("harness.emulator.profile", profile.toString());
    config.put("harness.bounds", "fast");
    config.put("harness.scenarios", "p15-L0-efa-4k-c1,p15-L0-tcp-4k-c1");
    config.put("harness.warmup", "1");
    config.put("harness.iterations", "4");

    EngineExecutionResults r =
        SuiteRuns.run(config, List.of("Stage1Layer0BaselineIT", "Phase15ComparisonsIT"));

    assertThat(SuiteRuns.failureMessages(r))
        .singleElement()
        .asString()
        .contains("p15-L0-efa-4k-c1")
        .contains("p15-L0-tcp-4k-c1")
        .contains("95% CI");
  }
}
