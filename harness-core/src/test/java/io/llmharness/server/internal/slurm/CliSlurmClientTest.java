package io.llmharness.server.internal.slurm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmharness.server.LaunchException;
import io.llmharness.server.slurm.SlurmSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line client's errors that need no cluster. */
class CliSlurmClientTest {
  @TempDir Path dir;

  private CliSlurmClient client(String... config) {
    Map<String, String> c = new java.util.HashMap<>();
    for (int i = 0; i < config.length; i += 2) {
      c.put(config[i], config[i + 1]);
    }
    return new CliSlurmClient(SlurmSettings.fromProperties(c));
  }

  @Test
  void aMissingConfigurationIsReportedBeforeSlurmRetriesItForAMinute() {
    Path missing = dir.resolve("no-slurm.conf");

    assertThatThrownBy(() -> client("harness.slurm.conf", missing.toString()).status(List.of("1")))
        .isInstanceOf(LaunchException.class)
        .hasMessage(
            "the Slurm configuration "
                + missing
                + " does not exist; set harness.slurm.conf (or SLURM_CONF) to the cluster's"
                + " slurm.conf.");
  }

  @Test
  void missingSlurmCommandsAreNamedWithTheFix() {
    assertThatThrownBy(
            () ->
                client(
                        "harness.slurm.binDir",
                        dir.resolve("bin").toString(),
                        "harness.slurm.conf",
                        "/dev/null")
                    .cancel(List.of("1")))
        .isInstanceOf(LaunchException.class)
        .hasMessageStartingWith("cannot run the Slurm command [" + dir.resolve("bin/scancel") + "]")
        .hasMessageEndingWith("install Slurm's client commands or set harness.slurm.binDir.");
  }
}
