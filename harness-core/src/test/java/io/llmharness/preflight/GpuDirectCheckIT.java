package io.llmharness.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GPUDirect check with the real tools of this machine: no GPU, no RDMA device. */
class GpuDirectCheckIT {

  @TempDir Path dir;

  @Test
  void thisMachineIsUnsupportedWithBothReasons() {
    GpuDirectReport r = GpuDirectCheck.run(CommandRunner.local(), GpuDirectOptions.defaults());

    assertThat(r.status()).isEqualTo(GpuDirectStatus.UNSUPPORTED);
    assertThat(r.reason()).contains("no RDMA device").contains("no NVIDIA GPU");
    assertThat(r.rdmaDevices()).isEmpty();
  }

  @Test
  void thisMachineLacksNvidiaSmi() {
    assertThat(GpuDirectCheck.missingTools(CommandRunner.local()))
        .containsExactly("nvidia-smi on local");
  }

  @Test
  void runsInsideANetworkNamespace() {
    try (NetworkNamespacePair pair = NetworkNamespacePair.create()) {
      GpuDirectReport r = GpuDirectCheck.run(pair.node1(), GpuDirectOptions.defaults());

      assertThat(r.node()).isEqualTo("netns:" + pair.namespace1);
      assertThat(r.status()).isEqualTo(GpuDirectStatus.UNSUPPORTED);
      assertThat(r.reason()).contains("no NVIDIA GPU: nvidia-smi is not installed");
    }
  }

  @Test
  void keepsTheRawOutputOfEveryCommand() {
    GpuDirectReport r = GpuDirectCheck.run(CommandRunner.local(), GpuDirectOptions.defaults());

    assertThat(r.rawOutputs())
        .containsKeys("nvidia-smi topo -m", "ibv_devinfo -v", "sysfs-infiniband", "uname -r");
  }

  @Test
  void writesTheJsonWithTheEstimate() throws Exception {
    GpuDirectReport r =
        GpuDirectCheck.run(
            CommandRunner.local(), GpuDirectOptions.defaults().withNetwork(100.0, "test"));
    Path file = dir.resolve("gpudirect_rdma.json");

    r.writeTo(file);

    JsonNode json = new ObjectMapper().readTree(Files.readString(file));
    assertThat(json.get("measurement_type").asText()).isEqualTo("gpudirect_rdma_check");
    assertThat(json.get("gpudirect_status").asText()).isEqualTo("unsupported");
    assertThat(json.get("efa_device_count").asInt()).isZero();
    assertThat(json.get("bounce_buffer_estimate").get("kv_bytes").asLong())
        .isEqualTo(5_242_880_000L);
  }
}
