package io.llmharness.preflight.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.preflight.RdmaDevice;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code ibv_devinfo} outputs: a p4d EFA device (https://github.com/uccl-project/uccl/issues/163),
 * a ConnectX port that is down (https://github.com/deepseek-ai/DeepEP/issues/60), a {@code -v}
 * output with flag lists (https://github.com/open-mpi/ompi/pull/6184), and this machine without
 * RDMA.
 */
class IbvDevinfoTest {

  @Test
  void readsAnEfaDevice() {
    List<RdmaDevice> devices = IbvDevinfo.parse(Fixtures.read("ibv_devinfo-efa-p4d-uccl-163.txt"));

    assertThat(devices).hasSize(1);
    RdmaDevice efa = devices.get(0);
    assertThat(efa.name()).isEqualTo("rdmap16s27");
    assertThat(efa.kind()).isEqualTo(RdmaDevice.Kind.EFA);
    assertThat(efa.transport()).contains("unspecified (4)");
    assertThat(efa.vendorId()).contains("0x1d0f");
    assertThat(efa.vendorPartId()).contains("61344");
  }

  @Test
  void readsTheEfaPort() {
    RdmaDevice efa = IbvDevinfo.parse(Fixtures.read("ibv_devinfo-efa-p4d-uccl-163.txt")).get(0);

    assertThat(efa.ports()).hasSize(1);
    RdmaDevice.Port port = efa.ports().get(0);
    assertThat(port.number()).isEqualTo(1);
    assertThat(port.active()).isTrue();
    assertThat(port.activeMtu()).contains("4096 (5)");
    assertThat(port.linkLayer()).contains("Unspecified");
  }

  @Test
  void seesThatAConnectXPortIsDown() {
    RdmaDevice mlx = IbvDevinfo.parse(Fixtures.read("ibv_devinfo-mlx5-deepep-60.txt")).get(0);

    assertThat(mlx.kind()).isEqualTo(RdmaDevice.Kind.MLX5);
    assertThat(mlx.active()).isFalse();
    assertThat(mlx.ports().get(0).state()).isEqualTo("PORT_DOWN (1)");
    assertThat(mlx.ports().get(0).activeMtu()).contains("1024 (3)");
  }

  @Test
  void skipsTheFlagListsOfTheVerboseOutput() {
    List<RdmaDevice> devices = IbvDevinfo.parse(Fixtures.read("ibv_devinfo-v-mlx5-ompi-6184.txt"));

    assertThat(devices).extracting(RdmaDevice::name).containsExactly("mlx5_1");
    RdmaDevice.Port port = devices.get(0).ports().get(0);
    assertThat(port.active()).isTrue();
    assertThat(port.linkLayer()).contains("Ethernet");
  }

  @Test
  void findsNoDeviceInTheErrorOfAHostWithoutRdma() {
    assertThat(IbvDevinfo.parse(Fixtures.read("ibv_devinfo-no-device.txt"))).isEmpty();
  }
}
