package io.llmharness.server.internal.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmharness.server.ServerCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JobScriptTest {
  private static String runWithBash(String script) throws IOException, InterruptedException {
    // No Slurm here: scontrol is missing, so the script falls back to hostname -I.
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
    pb.environment().put("PATH", "/usr/bin:/bin");
    pb.environment().remove("SLURM_CONF");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  @Test
  void theServerGetsItsArgumentsAndEnvironmentVerbatim() throws Exception {
    ServerCommand c =
        new ServerCommand(
            List.of("printf", "[%s]", "a b", "{\"k\":\"v'\"}"), Map.of("FI_PROVIDER", "efa x"));
    String script = JobScript.render(c).replace("exec printf", "printf \"$FI_PROVIDER\"; printf");

    assertThat(runWithBash(script)).endsWith("efa x[a b][{\"k\":\"v'\"}]");
  }

  @Test
  void theAnyAddressPlaceholderBecomesTheNodesOwnAddress() throws Exception {
    ServerCommand c =
        new ServerCommand(
            List.of("printenv", "VLLM_NIXL_SIDE_CHANNEL_HOST"),
            Map.of("VLLM_NIXL_SIDE_CHANNEL_HOST", "0.0.0.0"));
    String out = runWithBash(JobScript.render(c));
    String firstAddress = runWithBash("hostname -I | awk '{print $1}'").strip();

    assertThat(out.strip().lines().toList())
        .endsWith("# llmharness: node address " + firstAddress, firstAddress);
  }

  @Test
  void theJobRecordsItsGpusFirst() throws Exception {
    String out =
        runWithBash(
            "export CUDA_VISIBLE_DEVICES=0,1 SLURM_JOB_ID=7 SLURMD_NODENAME=n1\n"
                + JobScript.render(new ServerCommand(List.of("true"), Map.of())));

    assertThat(out).startsWith("# llmharness: Slurm job 7 on n1, CUDA_VISIBLE_DEVICES=0,1\n");
  }

  @Test
  void anEnvironmentNameAShellCannotExportIsRefused() {
    ServerCommand c = new ServerCommand(List.of("true"), Map.of("A-B", "1"));

    assertThatThrownBy(() -> JobScript.render(c))
        .hasMessage("environment variable name [A-B] cannot be exported by a batch script");
  }
}
