package io.llmharness.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestLogTest {
  @TempDir Path dir;

  @Test
  void recordsRoundTripWithEveryField() throws Exception {
    Path file = dir.resolve("s.requests.jsonl");
    List<RequestRecord> records = Fixtures.smallScenario();
    try (RequestLogWriter log = RequestLogWriter.create(file)) {
      records.forEach(log::append);
    }
    assertThat(RequestLog.read(file).records()).containsExactlyElementsOf(records);
  }

  @Test
  void eachRecordIsOneLineWithRawNanos() throws Exception {
    Path file = dir.resolve("s.requests.jsonl");
    RequestRecord r = Fixtures.smallScenario().get(2);
    try (RequestLogWriter log = RequestLogWriter.create(file)) {
      log.append(r);
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .startsWith("{\"request_id\":\"req-measured-0\",\"index\":0,\"phase\":\"measured\"")
        .contains("\"first_token_nanos\":100000000")
        .contains("\"content_event_nanos\":[100000000,110000000,125000000]")
        .contains("\"proxy_headers\":{\"x-proxy-prefill-time\":\"50.5\"}")
        .endsWith("\"error\":null}");
  }

  @Test
  void syncReturnsOnceAppendedRecordsAreInTheFile() throws Exception {
    Path file = dir.resolve("s.requests.jsonl");
    try (RequestLogWriter log = RequestLogWriter.create(file)) {
      log.append(Fixtures.smallScenario().get(1));
      log.sync();
      assertThat(RequestLog.read(file).records()).hasSize(1);
    }
  }

  @Test
  void concurrentWritersLoseAndInterleaveNothing() throws Exception {
    Path file = dir.resolve("s.requests.jsonl");
    int threads = 8;
    int perThread = 250;
    try (RequestLogWriter log = RequestLogWriter.create(file)) {
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * perThread;
        Thread worker =
            new Thread(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    log.append(
                        TestRecords.request(base + i, base + i)
                            .events(10, 20, 30)
                            .endAt(31)
                            .tokens(3)
                            .build());
                  }
                });
        workers.add(worker);
        worker.start();
      }
      for (Thread w : workers) {
        w.join();
      }
    }
    List<RequestRecord> read = RequestLog.read(file).records();
    Set<Integer> indexes = new HashSet<>();
    read.forEach(r -> indexes.add(r.index()));
    assertThat(read).hasSize(threads * perThread);
    assertThat(indexes).hasSize(threads * perThread);
  }

  @Test
  void aTruncatedLastLineIsDroppedAndReported() throws Exception {
    Path file = dir.resolve("s.requests.jsonl");
    try (RequestLogWriter log = RequestLogWriter.create(file)) {
      Fixtures.smallScenario().subList(0, 3).forEach(log::append);
    }
    Files.writeString(file, "{\"request_id\":\"req-measured-9\",\"ind", StandardOpenOption.APPEND);
    RequestLog read = RequestLog.read(file);
    assertThat(read.records()).hasSize(3);
    assertThat(read.truncatedLastLine()).isTrue();
  }

  @Test
  void aCompleteLastLineWithoutNewlineIsKept() throws Exception {
    Path file = dir.resolve("s.requests.jsonl");
    try (RequestLogWriter log = RequestLogWriter.create(file)) {
      Fixtures.smallScenario().subList(0, 2).forEach(log::append);
    }
    String text = Files.readString(file);
    Files.writeString(file, text.substring(0, text.length() - 1));
    RequestLog read = RequestLog.read(file);
    assertThat(read.records()).hasSize(2);
    assertThat(read.truncatedLastLine()).isFalse();
  }

  @Test
  void aDamagedLineBeforeTheLastIsAnError() throws Exception {
    Path file = dir.resolve("s.requests.jsonl");
    Files.writeString(file, "{\"broken\n{}\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> RequestLog.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Line 1 of");
  }

  @Test
  void aMissingFileReadsAsEmpty() throws Exception {
    assertThat(RequestLog.read(dir.resolve("none.jsonl")).records()).isEmpty();
  }

  @Test
  void creatingOverAnExistingLogIsRefused() throws Exception {
    Path file = dir.resolve("s.requests.jsonl");
    Files.writeString(file, "");
    assertThatThrownBy(() -> RequestLogWriter.create(file)).isInstanceOf(IOException.class);
  }

  @Test
  void appendingAfterCloseIsRefused() throws Exception {
    RequestLogWriter log = RequestLogWriter.create(dir.resolve("s.requests.jsonl"));
    log.close();
    assertThatThrownBy(() -> log.append(Fixtures.smallScenario().get(0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
