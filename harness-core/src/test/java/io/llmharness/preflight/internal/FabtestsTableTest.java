package io.llmharness.preflight.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tables of fi_pingpong (real output, libfabric 1.17.0) and fi_rdm_bw. fabtests is not packaged in
 * Debian 12, so the fi_rdm_bw table is written from the fabtests source: {@code bandwidth()} in
 * fabtests/benchmarks/benchmark_shared.c calls {@code show_perf(NULL, size, iterations, …, 1)}, and
 * {@code show_perf} in fabtests/common/shared.c prints the header {@code "%-8s%-8s%-8s%8s
 * %10s%13s%13s"} (bytes iters total time MB/sec usec/xfer Mxfers/sec) and rows {@code
 * "%-8s%-8s%-8s"} + {@code "%8.2fs%10.2f%11.2f%11.2f"}
 * (https://github.com/ofiwg/libfabric/blob/main/fabtests/common/shared.c).
 */
class FabtestsTableTest {

  private static final long MIB = 1024 * 1024;

  @Test
  void readsEveryRowOfBothFiPingpongTables() {
    List<FabtestsTable.Row> rows =
        FabtestsTable.parse(Fixtures.read("fi_pingpong-tcp-rdm-loopback.txt"));

    assertThat(rows).hasSize(12);
    assertThat(rows.get(0).cells()).containsKeys("#sent", "#ack", "MB/sec", "usec/xfer");
  }

  @Test
  void picksTheFiPingpongRowOfTheConfiguredSizeByColumnName() {
    List<FabtestsTable.Row> rows =
        FabtestsTable.parse(Fixtures.read("fi_pingpong-tcp-rdm-loopback.txt"));

    FabtestsTable.Row row = FabtestsTable.rowForSize(rows, MIB).orElseThrow();

    assertThat(row.megabytesPerSecond()).isEqualTo(3055.30);
    assertThat(row.gigabitsPerSecond()).isCloseTo(24.4424, within(1e-9));
    assertThat(row.microsecondsPerTransfer()).isEqualTo(343.20);
    assertThat(row.iterations()).isEqualTo(1000);
    assertThat(row.seconds()).isEqualTo(0.69);
  }

  @Test
  void findsNoRowForASizeTheToolDidNotRun() {
    List<FabtestsTable.Row> rows =
        FabtestsTable.parse(Fixtures.read("fi_pingpong-tcp-rdm-loopback.txt"));

    assertThat(FabtestsTable.rowForSize(rows, 16 * MIB)).isEmpty();
  }

  @Test
  void readsTheFiRdmBwItersColumn() {
    List<FabtestsTable.Row> rows =
        FabtestsTable.parse(Fixtures.read("fi_rdm_bw-efa-constructed.txt"));

    FabtestsTable.Row row = FabtestsTable.rowForSize(rows, 16 * MIB).orElseThrow();

    assertThat(row.iterations()).isEqualTo(100);
    assertThat(row.bytes()).isEqualTo(16 * MIB);
  }

  @Test
  void takesTheBandwidthFromMbPerSecNotFromTheSixthField() {
    // The original script took whitespace field 5, which in this layout is usec/xfer.
    List<FabtestsTable.Row> rows =
        FabtestsTable.parse(Fixtures.read("fi_rdm_bw-efa-constructed.txt"));

    FabtestsTable.Row row = FabtestsTable.rowForSize(rows, 16 * MIB).orElseThrow();

    assertThat(row.megabytesPerSecond()).isEqualTo(11835.27);
    assertThat(row.gigabitsPerSecond()).isCloseTo(94.68216, within(1e-9));
    assertThat(row.microsecondsPerTransfer()).isEqualTo(1417.56);
  }

  @Test
  void acceptsTheNamedLayout() {
    String named =
        "name                                              bytes   #sent   #ack     total       time     MB/sec    usec/xfer   Mxfers/sec\n"
            + "16m_lat                                           16m     10      =10      320m        0.07s   4592.30    3653.34       0.00\n";

    FabtestsTable.Row row =
        FabtestsTable.rowForSize(FabtestsTable.parse(named), 16 * MIB).orElseThrow();

    assertThat(row.cells()).containsEntry("name", "16m_lat");
    assertThat(row.iterations()).isEqualTo(10);
  }

  @Test
  void findsNoRowsInAnErrorMessage() {
    assertThat(
            FabtestsTable.parse("fi_getinfo(): util/pingpong.c:1489, ret=-61 (No data available)"))
        .isEmpty();
  }
}
