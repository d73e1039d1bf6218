package io.llmharness.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmharness.results.internal.AtomicFiles;
import io.llmharness.results.internal.Json;
import io.llmharness.results.internal.ResultJson;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The result files of one run, {@code <results-dir>/<run-id>/}: per scenario a request log {@code
 * <scenario-id>.requests.jsonl} and a result {@code <scenario-id>.json}, and what a rerun of the
 * same run id needs to resume.
 *
 * <p>A scenario is complete when its result file exists, parses, and records the same spec hash; a
 * rerun skips it. Anything else is redone from scratch by {@link #begin}: a request log without a
 * result (a killed run) is moved aside to {@code <scenario-id>.requests.jsonl.partial-<n>} and a
 * result with another spec hash to {@code <scenario-id>.json.stale-<n>}, never deleted, so no
 * record is duplicated in the new files and none is lost.
 *
 * <p>Usage by a runner:
 *
 * <pre>{@code
 * ResultStore store = ResultStore.open(resultsDir, runId);
 * if (!store.isComplete(spec.id(), spec.hash())) {
 *   try (RequestLogWriter log = store.begin(spec.id())) {
 *     // for each finished request: log.append(record)
 *   }
 *   store.write(ScenarioAnalysis.analyze(records, metadata, context, options));
 * }
 * }</pre>
 *
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class ResultStore {
  /** Suffix of result files. */
  public static final String RESULT_SUFFIX = ".json";

  /** Suffix of request logs. */
  public static final String REQUESTS_SUFFIX = ".requests.jsonl";

  /** Infix of request logs set aside. */
  public static final String PARTIAL_INFIX = ".partial-";

  /** Infix of result files set aside. */
  public static final String STALE_INFIX = ".stale-";

  /** What the store holds for a scenario, compared with the spec about to run. */
  public enum ScenarioState {
    /** No file at all: run it. */
    ABSENT,
    /** A request log without a result: a run was killed; redo it. */
    PARTIAL,
    /** A result for another spec hash, or an unreadable one: redo it. */
    STALE,
    /** A result for this spec hash: skip it. */
    COMPLETE
  }

  private final Path runDirectory;
  private final String runId;

  private ResultStore(Path runDirectory, String runId) {
    this.runDirectory = runDirectory;
    this.runId = runId;
  }

  /**
   * Opens (creating it if needed) the directory {@code resultsDirectory/runId}.
   *
   * @throws IllegalArgumentException if the run id cannot name a directory
   * @throws IOException if the directory cannot be created
   */
  public static ResultStore open(Path resultsDirectory, String runId) throws IOException {
    ScenarioContext.requireFileSafe("run id", runId);
    Path dir = resultsDirectory.resolve(runId);
    Files.createDirectories(dir);
    return new ResultStore(dir, runId);
  }

  /** {@code <results-dir>/<run-id>}. */
  public Path runDirectory() {
    return runDirectory;
  }

  /** The run id. */
  public String runId() {
    return runId;
  }

  /** {@code <run-dir>/<scenario-id>.json}. */
  public Path resultFile(String scenarioId) {
    return runDirectory.resolve(
        ScenarioContext.requireFileSafe("scenario id", scenarioId) + RESULT_SUFFIX);
  }

  /** {@code <run-dir>/<scenario-id>.requests.jsonl}. */
  public Path requestLogFile(String scenarioId) {
    return runDirectory.resolve(
        ScenarioContext.requireFileSafe("scenario id", scenarioId) + REQUESTS_SUFFIX);
  }

  /** The state of {@code scenarioId} for a spec with hash {@code specHash}. */
  public synchronized ScenarioState state(String scenarioId, String specHash) throws IOException {
    Objects.requireNonNull(specHash, "specHash");
    Path result = resultFile(scenarioId);
    if (Files.exists(result)) {
      return specHash.equals(recordedSpecHash(result).orElse(null))
          ? ScenarioState.COMPLETE
          : ScenarioState.STALE;
    }
    return Files.exists(requestLogFile(scenarioId)) ? ScenarioState.PARTIAL : ScenarioState.ABSENT;
  }

  /** True when {@code scenarioId} has a complete result for {@code specHash}: skip it. */
  public boolean isComplete(String scenarioId, String specHash) throws IOException {
    return state(scenarioId, specHash) == ScenarioState.COMPLETE;
  }

  /**
   * Starts (or restarts) a scenario: sets aside any earlier request log and result of it (see the
   * class description), removes temporary files of an interrupted result write, and creates a new,
   * empty request log.
   *
   * @return the writer of the new request log; close it before {@link #write}
   */
  public synchronized RequestLogWriter begin(String scenarioId) throws IOException {
    Path log = requestLogFile(scenarioId);
    Path result = resultFile(scenarioId);
    setAside(log, PARTIAL_INFIX);
    setAside(result, STALE_INFIX);
    try (Stream<Path> files = Files.list(runDirectory)) {
      String tempPrefix = "." + result.getFileName() + AtomicFiles.TEMP_INFIX;
      for (Path temp :
          files.filter(p -> p.getFileName().toString().startsWith(tempPrefix)).toList()) {
        Files.deleteIfExists(temp);
      }
    }
    return RequestLogWriter.create(log);
  }

  /**
   * Writes {@code result} atomically as {@code <scenario-id>.json}; from then on the scenario is
   * complete for its spec hash.
   *
   * @return the file written
   * @throws IllegalArgumentException if the result belongs to another run
   */
  public synchronized Path write(ScenarioResult result) throws IOException {
    if (!runId.equals(result.context().runId())) {
      throw new IllegalArgumentException(
          "The result of scenario ["
              + result.scenarioId()
              + "] belongs to run ["
              + result.context().runId()
              + "], not to this store's run ["
              + runId
              + "]; open a store for that run.");
    }
    Path target = resultFile(result.scenarioId());
    AtomicFiles.write(target, result.toJson().getBytes(StandardCharsets.UTF_8));
    return target;
  }

  /** The request log of {@code scenarioId} (empty when there is none). */
  public RequestLog requests(String scenarioId) throws IOException {
    return RequestLog.read(requestLogFile(scenarioId));
  }

  /** The files set aside for {@code scenarioId} by earlier {@link #begin} calls, sorted. */
  public List<Path> setAsideFiles(String scenarioId) throws IOException {
    List<String> prefixes =
        List.of(
            requestLogFile(scenarioId).getFileName() + PARTIAL_INFIX,
            resultFile(scenarioId).getFileName() + STALE_INFIX);
    try (Stream<Path> files = Files.list(runDirectory)) {
      return files
          .filter(p -> prefixes.stream().anyMatch(p.getFileName().toString()::startsWith))
          .sorted()
          .toList();
    }
  }

  private static Optional<String> recordedSpecHash(Path result) throws IOException {
    try {
      JsonNode root = Json.TREE.readTree(Files.readString(result, StandardCharsets.UTF_8));
      JsonNode hash =
          root == null ? null : root.path(ResultJson.EXTENDED).get(ResultJson.SPEC_HASH);
      boolean whole = root != null && root.has("metadata") && root.has("results");
      return whole && hash != null && hash.isTextual()
          ? Optional.of(hash.asText())
          : Optional.empty();
    } catch (NoSuchFileException | JsonProcessingException | CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private void setAside(Path file, String infix) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    List<Integer> used = new ArrayList<>();
    String prefix = file.getFileName() + infix;
    try (Stream<Path> files = Files.list(runDirectory)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith(prefix))
          .forEach(
              name -> {
                try {
                  used.add(Integer.parseInt(name.substring(prefix.length())));
                } catch (NumberFormatException e) {
                  // Not one of ours.
                }
              });
    }
    int next = used.stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    Files.move(file, runDirectory.resolve(prefix + next));
    AtomicFiles.forceDirectory(runDirectory);
  }
}
