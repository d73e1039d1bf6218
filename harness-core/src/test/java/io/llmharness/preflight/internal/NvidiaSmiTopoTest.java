package io.llmharness.preflight.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmharness.preflight.GpuNicPath;
import io.llmharness.preflight.GpuTopology;
import io.llmharness.preflight.PciLink;
import io.llmharness.preflight.TopologyDevice;
import org.junit.jupiter.api.Test;

/**
 * {@code nvidia-smi topo -m} outputs: a real one-GPU H100 host (no NIC, terminal escape codes in
 * the header), an AWS p4d.24xlarge with four EFA devices written from aws/aws-ofi-nccl's {@code
 * topology/p4d-24xl-topo.xml} and the p4d lspci in https://github.com/aws/aws-ofi-nccl/issues/64,
 * an AWS p5.48xlarge with 32 EFA devices, four on each GPU's PCIe switch, written from
 * aws-ofi-nccl's {@code topology/p5.48xl-topo.xml}, and two DGX A100 outputs with mlx5 NICs
 * published in https://github.com/NVIDIA/nccl/issues/1505 (current layout with NIC legend) and
 * https://github.com/rapidsai/ucx-py/issues/749 (older layout, device names as columns).
 * src/test/resources/preflight/README.md has every source and says which rows are verbatim.
 */
class NvidiaSmiTopoTest {

  @Test
  void readsTheSingleGpuHostDespiteEscapeCodes() throws Exception {
    GpuTopology t = NvidiaSmiTopo.parse(Fixtures.read("h100-single-topo.txt"));

    assertThat(t.gpus()).extracting(TopologyDevice::label).containsExactly("GPU0");
    TopologyDevice gpu = t.gpus().get(0);
    assertThat(gpu.cpuAffinity()).contains("0-15");
    assertThat(gpu.numaAffinity()).contains("0");
    assertThat(gpu.gpuNumaId()).contains("N/A");
  }

  @Test
  void findsNoNicOnTheSingleGpuHost() throws Exception {
    GpuTopology t = NvidiaSmiTopo.parse(Fixtures.read("h100-single-topo.txt"));

    assertThat(t.nics()).isEmpty();
    assertThat(t.nearestNic("GPU0")).isEmpty();
  }

  @Test
  void mapsP4dNicsToTheirEfaDevicesThroughTheLegend() throws Exception {
    GpuTopology t = NvidiaSmiTopo.parse(Fixtures.read("p4d-24xlarge-topo-constructed.txt"));

    assertThat(t.nics())
        .extracting(TopologyDevice::deviceName)
        .containsExactly("rdmap16s27", "rdmap32s27", "rdmap144s27", "rdmap160s27");
    assertThat(t.nicLegend()).containsEntry("NIC2", "rdmap144s27");
  }

  @Test
  void givesEachP4dGpuTheEfaDeviceOnItsPcieSwitch() throws Exception {
    GpuTopology t = NvidiaSmiTopo.parse(Fixtures.read("p4d-24xlarge-topo-constructed.txt"));

    assertThat(t.nearestNics())
        .extracting(GpuNicPath::gpu, GpuNicPath::nicDevice, GpuNicPath::link)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("GPU0", "rdmap16s27", PciLink.PIX),
            org.assertj.core.groups.Tuple.tuple("GPU1", "rdmap16s27", PciLink.PIX),
            org.assertj.core.groups.Tuple.tuple("GPU2", "rdmap32s27", PciLink.PIX),
            org.assertj.core.groups.Tuple.tuple("GPU3", "rdmap32s27", PciLink.PIX),
            org.assertj.core.groups.Tuple.tuple("GPU4", "rdmap144s27", PciLink.PIX),
            org.assertj.core.groups.Tuple.tuple("GPU5", "rdmap144s27", PciLink.PIX),
            org.assertj.core.groups.Tuple.tuple("GPU6", "rdmap160s27", PciLink.PIX),
            org.assertj.core.groups.Tuple.tuple("GPU7", "rdmap160s27", PciLink.PIX));
  }

  @Test
  void readsP4dCpuAndNumaAffinity() throws Exception {
    GpuTopology t = NvidiaSmiTopo.parse(Fixtures.read("p4d-24xlarge-topo-constructed.txt"));

    TopologyDevice gpu4 = t.gpus().get(4);
    assertThat(gpu4.cpuAffinity()).contains("24-47,72-95");
    assertThat(gpu4.numaAffinity()).contains("1");
    assertThat(gpu4.gpuNumaId()).contains("N/A");
  }

  @Test
  void keepsTheWholeMatrixIncludingNicRows() throws Exception {
    GpuTopology t = NvidiaSmiTopo.parse(Fixtures.read("p4d-24xlarge-topo-constructed.txt"));

    assertThat(t.link("GPU0", "GPU5")).contains("NV12");
    assertThat(t.link("GPU0", "NIC1")).contains("NODE");
    assertThat(t.link("GPU0", "NIC2")).contains("SYS");
    assertThat(t.link("NIC3", "GPU6")).contains("PIX");
  }

  @Test
  void mapsAll32P5NicsToTheirEfaDevicesThroughTheLegend() throws Exception {
    GpuTopology t = NvidiaSmiTopo.parse(Fixtures.read("p5-48xlarge-topo-constructed.txt"));

    assertThat(t.gpus()).hasSize(8);
    assertThat(t.nics()).hasSize(32);
    assertThat(t.nicLegend())
        .hasSize(32)
        .containsEntry("NIC0", "rdmap79s0")
        .containsEntry("NIC16", "rdmap147s0")
        .containsEntry("NIC31", "rdmap201s0");
    assertThat(t.nics().get(4).deviceName()).isEqualTo("rdmap96s0");
  }

  @Test
  void givesEachP5GpuTheFirstOfTheFourEfaDevicesOnItsPcieSwitch() throws Exception {
    GpuTopology t = NvidiaSmiTopo.parse(Fixtures.read("p5-48xlarge-topo-constructed.txt"));

    assertThat(t.nearestNics())
        .extracting(GpuNicPath::gpu, GpuNicPath::nic, GpuNicPath::nicDevice, GpuNicPath::link)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("GPU0", "NIC0", "rdmap79s0", PciLink.PIX),
            org.assertj.core.groups.Tuple.tuple("GPU1", "NIC4", "rdmap96s0", PciLink.PIX),
            org.assertj.core.groups.Tuple.tuple("GPU2", "NIC8", "rdmap113s0", PciLink.PIX),
            org.assertj.core.groups.Tuple.tuple("GPU3", "NIC12", "rdmap130s0", PciLink.PIX),
            org.assertj.core.groups.Tuple.tuple("GPU4", "NIC16", "rdmap147s0", PciLink.PIX),
            org.assertj.core.groups.Tuple.tuple("GPU5", "NIC20", "rdmap164s0", PciLink.PIX),
            org.assertj.core.groups.Tuple.tuple("GPU6", "NIC24", "rdmap181s0", PciLink.PIX),
            org.assertj.core.groups.Tuple.tuple("GPU7", "NIC28", "rdmap198s0", PciLink.PIX));
  }

  @Test
  void listsTheFourEquallyNearEfaDevicesOfAP5Gpu() throws Exception {
    GpuTopology t = NvidiaSmiTopo.parse(Fixtures.read("p5-48xlarge-topo-constructed.txt"));

    assertThat(t.nearestNic("GPU0").orElseThrow().equallyNearDevices())
        .containsExactly("rdmap79s0", "rdmap80s0", "rdmap81s0", "rdmap82s0");
    assertThat(t.nearestNic("GPU7").orElseThrow().equallyNearDevices())
        .containsExactly("rdmap198s0", "rdmap199s0", "rdmap200s0", "rdmap201s0");
  }

  @Test
  void readsP5SocketsAndTheLinksBetweenSwitches() throws Exception {
    GpuTopology t = NvidiaSmiTopo.parse(Fixtures.read("p5-48xlarge-topo-constructed.txt"));

    assertThat(t.gpus().get(3).cpuAffinity()).contains("0-47,96-143");
    assertThat(t.gpus().get(4).cpuAffinity()).contains("48-95,144-191");
    assertThat(t.gpus().get(4).numaAffinity()).contains("1");
    assertThat(t.link("GPU0", "GPU7")).contains("NV18");
    assertThat(t.link("GPU0", "NIC4")).contains("NODE");
    assertThat(t.link("GPU0", "NIC16")).contains("SYS");
    assertThat(t.link("NIC1", "NIC3")).contains("PIX");
  }

  @Test
  void givesDgxA100GpusBothComputeNicsOnTheirSwitch() throws Exception {
    GpuTopology t = NvidiaSmiTopo.parse(Fixtures.read("dgx-a100-topo-nccl-1505.txt"));

    GpuNicPath gpu0 = t.nearestNic("GPU0").orElseThrow();
    assertThat(gpu0.nicDevice()).isEqualTo("mlx5_0");
    assertThat(gpu0.link()).isEqualTo(PciLink.PXB);
    assertThat(gpu0.equallyNearDevices()).containsExactly("mlx5_0", "mlx5_1");
    assertThat(t.nearestNic("GPU2").orElseThrow().nicDevice()).isEqualTo("mlx5_2");
  }

  @Test
  void readsDgxA100NumaNodesFromTheCurrentLayout() throws Exception {
    GpuTopology t = NvidiaSmiTopo.parse(Fixtures.read("dgx-a100-topo-nccl-1505.txt"));

    assertThat(t.gpus()).hasSize(8);
    assertThat(t.nics()).hasSize(12);
    assertThat(t.gpus().get(0).cpuAffinity()).contains("48-63,176-191");
    assertThat(t.gpus().get(0).numaAffinity()).contains("3");
    assertThat(t.gpus().get(2).numaAffinity()).contains("1");
  }

  @Test
  void readsTheOlderLayoutWithDeviceNamesAsColumns() throws Exception {
    GpuTopology t = NvidiaSmiTopo.parse(Fixtures.read("dgx-a100-topo-ucx-py-749.txt"));

    assertThat(t.nicLegend()).isEmpty();
    assertThat(t.nics()).extracting(TopologyDevice::deviceName).startsWith("mlx5_0", "mlx5_1");
    GpuNicPath gpu5 = t.nearestNic("GPU5").orElseThrow();
    assertThat(gpu5.nicDevice()).isEqualTo("mlx5_6");
    assertThat(gpu5.link()).isEqualTo(PciLink.PXB);
    assertThat(t.gpus().get(5).numaAffinity()).contains("6-7");
    assertThat(t.gpus().get(5).gpuNumaId()).isEmpty();
  }

  @Test
  void rejectsTextWithoutAMatrix() {
    assertThatThrownBy(
            () -> NvidiaSmiTopo.parse("NVIDIA-SMI has failed because it couldn't communicate"))
        .isInstanceOf(NvidiaSmiTopo.TopologyException.class)
        .hasMessageContaining("GPU0");
  }

  @Test
  void treatsLegacySocAsSys() {
    assertThat(PciLink.parse("SOC")).contains(PciLink.SYS);
    assertThat(PciLink.parse("NV12")).isEmpty();
    assertThat(PciLink.parse(" X ")).isEmpty();
  }
}
