package io.llmharness.preflight.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Real /proc/net/tcp and tcp6 of a namespace with fi_pingpong (47592) and iperf3 (5301). */
class ListeningPortsTest {

  private static final String TABLES = Fixtures.read("proc-net-tcp-iperf3-listening.txt");

  @Test
  void seesAnIpv4Listener() {
    assertThat(ListeningPorts.isListening(TABLES, 47592)).isTrue();
  }

  @Test
  void seesADualStackIpv6Listener() {
    assertThat(ListeningPorts.isListening(TABLES, 5301)).isTrue();
  }

  @Test
  void ignoresPortsThatOnlyHaveEstablishedConnections() {
    String established =
        "  sl  local_address rem_address   st\n"
            + "   1: 0100007F:14B5 0100007F:EC02 01 00000000:00000000 00:00000000 00000000 0 0 1 1\n";

    assertThat(ListeningPorts.isListening(established, 5301)).isFalse();
  }

  @Test
  void reportsAPortNobodyListensOn() {
    assertThat(ListeningPorts.isListening(TABLES, 5201)).isFalse();
  }
}
