package io.llmharness.preflight.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** iperf3 -J outputs recorded with iperf 3.12 (loopback, two network namespaces, no server). */
class Iperf3JsonTest {

  @Test
  void readsTheReceivedRateOfTheLoopbackRun() throws Exception {
    Iperf3Json.Summary s = Iperf3Json.parse(Fixtures.read("iperf3-loopback-P8-t2.json"));

    assertThat(s.receivedBitsPerSecond()).isPositive();
    assertThat(s.streams()).isEqualTo(8);
    assertThat(s.perStreamReceivedBitsPerSecond()).hasSize(8);
    assertThat(s.version()).contains("iperf 3.12");
  }

  @Test
  void perStreamRatesAddUpToTheSummary() throws Exception {
    Iperf3Json.Summary s = Iperf3Json.parse(Fixtures.read("iperf3-netns-veth-P4-t2.json"));

    double sum = s.perStreamReceivedBitsPerSecond().stream().mapToDouble(Double::doubleValue).sum();
    assertThat(sum)
        .isCloseTo(s.receivedBitsPerSecond(), org.assertj.core.api.Assertions.within(1e6));
  }

  @Test
  void readsTheNamespaceRunExactly() throws Exception {
    Iperf3Json.Summary s = Iperf3Json.parse(Fixtures.read("iperf3-netns-veth-P4-t2.json"));

    assertThat(s.receivedBitsPerSecond()).isEqualTo(16577212078.801916);
    assertThat(s.sentBitsPerSecond()).hasValue(16657050423.902279);
    assertThat(s.retransmits()).hasValue(1230);
    assertThat(s.durationSeconds()).isEqualTo(2.0);
  }

  @Test
  void reportsTheToolsErrorWhenNoServerListens() {
    assertThatThrownBy(() -> Iperf3Json.parse(Fixtures.read("iperf3-connection-refused.json")))
        .isInstanceOf(Iperf3Json.Iperf3Exception.class)
        .hasMessage("iperf3 reported: unable to connect to server: Connection refused");
  }

  @Test
  void rejectsEmptyOutput() {
    assertThatThrownBy(() -> Iperf3Json.parse("")).hasMessage("iperf3 printed no JSON output");
  }

  @Test
  void rejectsTextThatIsNotJson() {
    assertThatThrownBy(() -> Iperf3Json.parse("iperf3: error - unable to connect"))
        .hasMessageStartingWith("iperf3 output is not valid JSON");
  }

  @Test
  void rejectsAZeroRateInsteadOfReportingIt() {
    String zero = "{\"start\":{},\"end\":{\"sum_received\":{\"bits_per_second\":0}}}";

    assertThatThrownBy(() -> Iperf3Json.parse(zero))
        .hasMessageContaining("no data reached the server");
  }

  @Test
  void rejectsATestThatDidNotFinish() {
    assertThatThrownBy(() -> Iperf3Json.parse("{\"start\":{},\"intervals\":[],\"end\":{}}"))
        .hasMessageContaining("end.sum_received.bits_per_second");
  }
}
