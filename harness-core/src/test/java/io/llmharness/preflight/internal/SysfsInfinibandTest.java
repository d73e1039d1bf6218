package io.llmharness.preflight.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.preflight.RdmaDevice;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sysfs script's output. EFA attribute values as the kernel reports them: {@code link_layer}
 * "Unknown" (https://github.com/linux-rdma/rdma-core/pull/884), vendor 0x1d0f, driver efa.
 */
class SysfsInfinibandTest {

  private static final String EFA =
      """
      device=rdmap16s27
      rdmap16s27.node_type=1: CA
      rdmap16s27.vendor=0x1d0f
      rdmap16s27.numa_node=0
      rdmap16s27.driver=efa
      rdmap16s27.port.1.state=4: ACTIVE
      rdmap16s27.port.1.phys_state=5: LinkUp
      rdmap16s27.port.1.link_layer=Unknown
      """;

  @Test
  void seesThatTheClassDirectoryIsMissing() {
    SysfsInfiniband.Result r = SysfsInfiniband.parse("missing=/sys/class/infiniband\n");

    assertThat(r.classPresent()).isFalse();
    assertThat(r.devices()).isEmpty();
  }

  @Test
  void readsDriverVendorAndPortState() {
    RdmaDevice d = SysfsInfiniband.parse(EFA).devices().get(0);

    assertThat(d.name()).isEqualTo("rdmap16s27");
    assertThat(d.driver()).contains("efa");
    assertThat(d.kind()).isEqualTo(RdmaDevice.Kind.EFA);
    assertThat(d.ports()).singleElement().satisfies(p -> assertThat(p.active()).isTrue());
  }

  @Test
  void mergesSysfsDriverIntoTheIbvDevinfoView() {
    List<RdmaDevice> merged =
        SysfsInfiniband.merge(
            IbvDevinfo.parse(Fixtures.read("ibv_devinfo-efa-p4d-uccl-163.txt")),
            SysfsInfiniband.parse(EFA).devices());

    assertThat(merged)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.driver()).contains("efa");
              assertThat(d.transport()).contains("unspecified (4)");
              assertThat(d.ports().get(0).activeMtu()).contains("4096 (5)");
            });
  }

  @Test
  void keepsDevicesOnlySysfsKnows() {
    List<RdmaDevice> merged =
        SysfsInfiniband.merge(List.of(), SysfsInfiniband.parse(EFA).devices());

    assertThat(merged).extracting(RdmaDevice::name).containsExactly("rdmap16s27");
  }
}
