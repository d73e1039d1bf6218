package io.llmharness.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmharness.results.ResultStore.ScenarioState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resume: a killed run is simulated by leaving the files a crash would leave behind. */
class ResultStoreTest {
  private static final String HASH = "hash-1";

  @TempDir Path resultsDir;

  /** Runs a scenario to completion the way the runner does: log every request, then the result. */
  private static List<RequestRecord> runScenario(ResultStore store, String id, String hash, int n)
      throws Exception {
    List<RequestRecord> records = new ArrayList<>();
    try (RequestLogWriter log = store.begin(id)) {
      for (int i = 0; i < n; i++) {
        RequestRecord r =
            TestRecords.request(i, i * 100).events(50, 60).endAt(61).tokens(2).build();
        log.append(r);
        records.add(r);
      }
    }
    store.write(
        ScenarioAnalysis.analyze(
            records, Fixtures.metadata(), Fixtures.context(id, hash), AnalysisOptions.defaults()));
    return records;
  }

  @Test
  void filesLiveUnderTheRunDirectory() throws Exception {
    ResultStore store = ResultStore.open(resultsDir, Fixtures.RUN_ID);
    assertThat(store.resultFile("a"))
        .isEqualTo(resultsDir.resolve(Fixtures.RUN_ID).resolve("a.json"));
    assertThat(store.requestLogFile("a"))
        .isEqualTo(resultsDir.resolve(Fixtures.RUN_ID).resolve("a.requests.jsonl"));
  }

  @Test
  void aFinishedScenarioWithTheSameSpecHashIsComplete() throws Exception {
    ResultStore store = ResultStore.open(resultsDir, Fixtures.RUN_ID);
    runScenario(store, "a", HASH, 3);
    assertThat(ResultStore.open(resultsDir, Fixtures.RUN_ID).isComplete("a", HASH)).isTrue();
  }

  @Test
  void aChangedSpecHashMakesTheResultStale() throws Exception {
    ResultStore store = ResultStore.open(resultsDir, Fixtures.RUN_ID);
    runScenario(store, "a", HASH, 3);
    assertThat(store.state("a", "hash-2")).isEqualTo(ScenarioState.STALE);
  }

  @Test
  void aRequestLogWithoutResultIsPartial() throws Exception {
    ResultStore store = ResultStore.open(resultsDir, Fixtures.RUN_ID);
    try (RequestLogWriter log = store.begin("a")) {
      log.append(Fixtures.smallScenario().get(1));
    }
    assertThat(store.state("a", HASH)).isEqualTo(ScenarioState.PARTIAL);
    assertThat(store.state("b", HASH)).isEqualTo(ScenarioState.ABSENT);
  }

  @Test
  void anUnreadableResultIsStale() throws Exception {
    ResultStore store = ResultStore.open(resultsDir, Fixtures.RUN_ID);
    Files.writeString(store.resultFile("a"), "{\"metadata\": {");
    assertThat(store.state("a", HASH)).isEqualTo(ScenarioState.STALE);
  }

  @Test
  void aKilledRunResumesWithoutDuplicateOrLostRecords() throws Exception {
    // First run: scenario a finishes; scenario b is killed after 3 requests, mid-write of a 4th,
    // and while writing its result (a temporary file is left behind).
    ResultStore first = ResultStore.open(resultsDir, Fixtures.RUN_ID);
    List<RequestRecord> aRecords = runScenario(first, "a", HASH, 5);
    try (RequestLogWriter log = first.begin("b")) {
      for (int i = 0; i < 3; i++) {
        log.append(TestRecords.request(i, i * 100).events(50).endAt(51).tokens(1).build());
      }
    }
    Files.writeString(
        first.requestLogFile("b"),
        "{\"request_id\":\"req-measured-3\",",
        StandardOpenOption.APPEND);
    Path temp = first.runDirectory().resolve(".b.json.tmp-12345");
    Files.writeString(temp, "{\"metadata\"");

    // Rerun of the same run id.
    ResultStore rerun = ResultStore.open(resultsDir, Fixtures.RUN_ID);
    assertThat(rerun.isComplete("a", HASH)).isTrue();
    assertThat(rerun.state("b", HASH)).isEqualTo(ScenarioState.PARTIAL);
    List<RequestRecord> bRecords = runScenario(rerun, "b", HASH, 6);

    assertThat(rerun.requests("a").records()).containsExactlyElementsOf(aRecords);
    assertThat(rerun.requests("b").records()).containsExactlyElementsOf(bRecords);
    assertThat(
            new HashSet<>(
                rerun.requests("b").records().stream().map(RequestRecord::requestId).toList()))
        .hasSize(6);
    assertThat(rerun.isComplete("b", HASH)).isTrue();
    assertThat(rerun.setAsideFiles("b"))
        .containsExactly(rerun.runDirectory().resolve("b.requests.jsonl.partial-1"));
    RequestLog partial =
        RequestLog.read(rerun.runDirectory().resolve("b.requests.jsonl.partial-1"));
    assertThat(partial.records()).hasSize(3);
    assertThat(partial.truncatedLastLine()).isTrue();
    assertThat(temp).doesNotExist();
  }

  @Test
  void redoingAStaleScenarioSetsAsideBothFilesWithIncreasingNumbers() throws Exception {
    ResultStore store = ResultStore.open(resultsDir, Fixtures.RUN_ID);
    runScenario(store, "a", "old-1", 2);
    runScenario(store, "a", "old-2", 2);
    runScenario(store, "a", HASH, 2);
    assertThat(store.setAsideFiles("a"))
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            "a.json.stale-1",
            "a.json.stale-2",
            "a.requests.jsonl.partial-1",
            "a.requests.jsonl.partial-2");
    assertThat(store.isComplete("a", HASH)).isTrue();
  }

  @Test
  void writingLeavesNoTemporaryFiles() throws Exception {
    ResultStore store = ResultStore.open(resultsDir, Fixtures.RUN_ID);
    runScenario(store, "a", HASH, 2);
    try (Stream<Path> files = Files.list(store.runDirectory())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("a.json", "a.requests.jsonl");
    }
  }

  @Test
  void aResultOfAnotherRunIsRefused() throws Exception {
    ResultStore store = ResultStore.open(resultsDir, "other-run");
    ScenarioResult result = ResultJsonGoldenTest.small();
    assertThatThrownBy(() -> store.write(result))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[other-run]");
  }

  @Test
  void idsThatCannotNameFilesAreRefused() {
    assertThatThrownBy(() -> ResultStore.open(resultsDir, "../escape"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[../escape]");
  }
}
