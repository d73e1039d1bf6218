package io.llmharness.preflight.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.preflight.CommandResult;
import io.llmharness.preflight.DmaBufSupport;
import io.llmharness.preflight.GpuDirectReport.Finding;
import io.llmharness.preflight.GpuDirectStatus;
import io.llmharness.preflight.GpuTopology;
import io.llmharness.preflight.RdmaDevice;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decision rules, on the fixtures of this machine, a p4d, a p5 and DGX-like hosts. */
class GpuDirectRulesTest {

  private static final String EFA_SYSFS =
      """
      device=rdmap16s27
      rdmap16s27.vendor=0x1d0f
      rdmap16s27.driver=efa
      rdmap16s27.port.1.state=4: ACTIVE
      rdmap16s27.port.1.link_layer=Unknown
      """;
  private static final DmaBufSupport PROPRIETARY_OLD_KERNEL =
      new DmaBufSupport(
          Optional.of("NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.104.12  Release Build"),
          Optional.of(false),
          Optional.of("5.10.0-28-cloud-amd64"));
  private static final DmaBufSupport OPEN_NEW_KERNEL =
      new DmaBufSupport(
          Optional.of("NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  580.126.09"),
          Optional.of(true),
          Optional.of("6.8.0-1021-aws"));
  private static final DmaBufSupport UNKNOWN_DMABUF =
      new DmaBufSupport(Optional.empty(), Optional.empty(), Optional.of("6.8.0-1021-aws"));

  @Test
  void thisMachineIsUnsupportedForBothReasons() {
    CommandResult noSmi =
        result(CommandResult.NOT_STARTED, "", "Cannot run program \"nvidia-smi\"");
    CommandResult noIbv =
        result(255, "", "Failed to get IB devices list: Function not implemented");
    var e =
        new GpuDirectRules.Evidence(
            noSmi,
            Optional.empty(),
            noIbv,
            List.of(),
            SysfsInfiniband.parse("missing=/sys/class/infiniband"),
            Optional.empty(),
            new DmaBufSupport(Optional.empty(), Optional.empty(), Optional.of("6.18.44-fc-v657")),
            Optional.empty(),
            List.of());

    List<Finding> findings = GpuDirectRules.findings(e);

    assertThat(GpuDirectRules.status(findings)).isEqualTo(GpuDirectStatus.UNSUPPORTED);
    assertThat(decisive(findings))
        .anySatisfy(
            d ->
                assertThat(d)
                    .startsWith("no RDMA device")
                    .contains("Function not implemented")
                    .contains("/sys/class/infiniband does not exist"))
        .anySatisfy(d -> assertThat(d).startsWith("no NVIDIA GPU"));
  }

  @Test
  void p4dWithPeermemIsLikelyEnabled() {
    List<Finding> f =
        GpuDirectRules.findings(
            p4d(
                Optional.of(List.of("efa", "nvidia_peermem", "nvidia")),
                PROPRIETARY_OLD_KERNEL,
                Optional.empty(),
                List.of()));

    assertThat(GpuDirectRules.status(f)).isEqualTo(GpuDirectStatus.LIKELY_ENABLED);
    assertThat(f)
        .filteredOn(x -> x.signal().equals("topology"))
        .singleElement()
        .satisfies(x -> assertThat(x.detail()).contains("GPU0→rdmap16s27 PIX"));
  }

  @Test
  void p5WithDmaBufIsLikelyEnabledThroughFourEfaDevicesPerGpu() throws Exception {
    var e =
        evidence(
            NvidiaSmiTopo.parse(Fixtures.read("p5-48xlarge-topo-constructed.txt")),
            List.of(),
            """
            device=rdmap79s0
            rdmap79s0.vendor=0x1d0f
            rdmap79s0.driver=efa
            rdmap79s0.port.1.state=4: ACTIVE
            device=rdmap201s0
            rdmap201s0.vendor=0x1d0f
            rdmap201s0.driver=efa
            rdmap201s0.port.1.state=4: ACTIVE
            """,
            Optional.of(List.of("efa", "nvidia")),
            OPEN_NEW_KERNEL,
            Optional.of("1"),
            List.of());

    List<Finding> f = GpuDirectRules.findings(e);

    assertThat(GpuDirectRules.status(f)).isEqualTo(GpuDirectStatus.LIKELY_ENABLED);
    assertThat(f)
        .filteredOn(x -> x.signal().equals("topology"))
        .singleElement()
        .satisfies(
            x ->
                assertThat(x.detail())
                    .startsWith("every GPU has an RDMA NIC behind a PCIe switch")
                    .contains("GPU0→rdmap79s0 PIX", "GPU7→rdmap198s0 PIX"));
    assertThat(f)
        .filteredOn(x -> x.signal().equals("rdma_devices"))
        .singleElement()
        .satisfies(
            x ->
                assertThat(x.detail())
                    .startsWith("2 RDMA device(s): ")
                    .contains("rdmap79s0 (efa)", "rdmap201s0 (efa)"));
  }

  @Test
  void p4dWithDmaBufButNoPeermemIsLikelyEnabled() {
    List<Finding> f =
        GpuDirectRules.findings(
            p4d(
                Optional.of(List.of("efa", "nvidia")),
                OPEN_NEW_KERNEL,
                Optional.empty(),
                List.of()));

    assertThat(GpuDirectRules.status(f)).isEqualTo(GpuDirectStatus.LIKELY_ENABLED);
  }

  @Test
  void disablingDeviceRdmaInLibfabricIsLikelyDisabled() {
    List<Finding> f =
        GpuDirectRules.findings(
            p4d(
                Optional.of(List.of("nvidia_peermem")),
                OPEN_NEW_KERNEL,
                Optional.of("0"),
                List.of()));

    assertThat(GpuDirectRules.status(f)).isEqualTo(GpuDirectStatus.LIKELY_DISABLED);
    assertThat(decisive(f)).singleElement().asString().startsWith("FI_EFA_USE_DEVICE_RDMA=0");
  }

  @Test
  void noWayToRegisterGpuMemoryIsLikelyDisabled() {
    List<Finding> f =
        GpuDirectRules.findings(
            p4d(
                Optional.of(List.of("efa", "nvidia")),
                PROPRIETARY_OLD_KERNEL,
                Optional.empty(),
                List.of()));

    assertThat(GpuDirectRules.status(f)).isEqualTo(GpuDirectStatus.LIKELY_DISABLED);
    assertThat(decisive(f))
        .singleElement()
        .asString()
        .contains("nvidia_peermem is not loaded")
        .contains("proprietary GPU kernel modules");
  }

  @Test
  void unreadableModulesAndDriverAreUnknown() {
    List<Finding> f =
        GpuDirectRules.findings(p4d(Optional.empty(), UNKNOWN_DMABUF, Optional.empty(), List.of()));

    assertThat(GpuDirectRules.status(f)).isEqualTo(GpuDirectStatus.UNKNOWN);
  }

  @Test
  void runtimeEvidenceMakesItEnabled() {
    List<String> log =
        List.of(
            "NCCL INFO Channel 00 : 0[101c0] -> 8[101c0] [send] via NET/AWS Libfabric/0/GDRDMA");
    List<Finding> f =
        GpuDirectRules.findings(
            p4d(Optional.of(List.of("nvidia_peermem")), OPEN_NEW_KERNEL, Optional.of("1"), log));

    assertThat(GpuDirectRules.status(f)).isEqualTo(GpuDirectStatus.ENABLED);
  }

  @Test
  void runtimeEvidenceDoesNotOverrideADisablingSignal() {
    List<String> log = List.of("via NET/AWS Libfabric/0/GDRDMA");
    List<Finding> f =
        GpuDirectRules.findings(
            p4d(Optional.of(List.of("nvidia_peermem")), OPEN_NEW_KERNEL, Optional.of("0"), log));

    assertThat(GpuDirectRules.status(f)).isEqualTo(GpuDirectStatus.LIKELY_DISABLED);
  }

  @Test
  void aGpuWhoseNearestNicIsOnTheOtherSocketIsLikelyDisabled() throws Exception {
    String matrix =
        "\tGPU0\tGPU1\tNIC0\tCPU Affinity\tNUMA Affinity\tGPU NUMA ID\n"
            + "GPU0\t X \tSYS\tPIX\t0-15\t0\t\tN/A\n"
            + "GPU1\tSYS\t X \tSYS\t16-31\t1\t\tN/A\n"
            + "NIC0\tPIX\tSYS\t X \n\nNIC Legend:\n\n  NIC0: mlx5_0\n";
    GpuTopology t = NvidiaSmiTopo.parse(matrix);
    var e = withPeermem(t, "ibv_devinfo-v-mlx5-ompi-6184.txt");

    List<Finding> f = GpuDirectRules.findings(e);

    assertThat(GpuDirectRules.status(f)).isEqualTo(GpuDirectStatus.LIKELY_DISABLED);
    assertThat(decisive(f)).singleElement().asString().contains("GPU1 (SYS to mlx5_0)");
  }

  @Test
  void aTopologyWithoutNicsIsUnknown() throws Exception {
    GpuTopology t = NvidiaSmiTopo.parse(Fixtures.read("h100-single-topo.txt"));
    var e = withPeermem(t, "ibv_devinfo-v-mlx5-ompi-6184.txt");

    assertThat(GpuDirectRules.status(GpuDirectRules.findings(e)))
        .isEqualTo(GpuDirectStatus.UNKNOWN);
  }

  @Test
  void aPortThatIsDownIsLikelyDisabled() throws Exception {
    GpuTopology t = NvidiaSmiTopo.parse(Fixtures.read("dgx-a100-topo-nccl-1505.txt"));
    var e = withPeermem(t, "ibv_devinfo-mlx5-deepep-60.txt");

    List<Finding> f = GpuDirectRules.findings(e);

    assertThat(GpuDirectRules.status(f)).isEqualTo(GpuDirectStatus.LIKELY_DISABLED);
    assertThat(decisive(f)).singleElement().asString().contains("mlx5_12 [PORT_DOWN (1)]");
  }

  @Test
  void neverLooksAtMaxQpRdAtom() {
    // EFA reports max_qp_rd_atom 0 although it supports RDMA read (seed-system.md §8.5); the
    // verbose mlx5 output reports 16. Neither may change a finding.
    List<Finding> withZero =
        GpuDirectRules.findings(
            p4d(
                Optional.of(List.of("nvidia_peermem")),
                OPEN_NEW_KERNEL,
                Optional.empty(),
                List.of()));

    assertThat(withZero).extracting(Finding::detail).noneMatch(d -> d.contains("max_qp_rd_atom"));
  }

  private static GpuDirectRules.Evidence p4d(
      Optional<List<String>> modules,
      DmaBufSupport dmaBuf,
      Optional<String> useDeviceRdma,
      List<String> runtime) {
    try {
      return evidence(
          NvidiaSmiTopo.parse(Fixtures.read("p4d-24xlarge-topo-constructed.txt")),
          IbvDevinfo.parse(Fixtures.read("ibv_devinfo-efa-p4d-uccl-163.txt")),
          EFA_SYSFS,
          modules,
          dmaBuf,
          useDeviceRdma,
          runtime);
    } catch (NvidiaSmiTopo.TopologyException e) {
      throw new AssertionError(e);
    }
  }

  /** A host without EFA whose NICs {@code ibvFixture} lists, nvidia_peermem loaded. */
  private static GpuDirectRules.Evidence withPeermem(GpuTopology topology, String ibvFixture) {
    return evidence(
        topology,
        IbvDevinfo.parse(Fixtures.read(ibvFixture)),
        "",
        Optional.of(List.of("nvidia_peermem")),
        OPEN_NEW_KERNEL,
        Optional.empty(),
        List.of());
  }

  private static GpuDirectRules.Evidence evidence(
      GpuTopology topology,
      List<RdmaDevice> ibv,
      String sysfs,
      Optional<List<String>> modules,
      DmaBufSupport dmaBuf,
      Optional<String> useDeviceRdma,
      List<String> runtime) {
    return new GpuDirectRules.Evidence(
        result(0, "matrix", ""),
        Optional.of(topology),
        result(0, "devices", ""),
        ibv,
        SysfsInfiniband.parse(sysfs),
        modules,
        dmaBuf,
        useDeviceRdma,
        runtime);
  }

  private static CommandResult result(int exit, String out, String err) {
    return new CommandResult(List.of("tool"), exit, out, err, Duration.ofMillis(1), false);
  }

  private static List<String> decisive(List<Finding> findings) {
    GpuDirectStatus status = GpuDirectRules.status(findings);
    return findings.stream().filter(f -> f.verdict() == status).map(Finding::detail).toList();
  }
}
