package io.llmharness.results.report.internal;

import static io.llmharness.results.report.internal.JsonFields.at;
import static io.llmharness.results.report.internal.JsonFields.bool;
import static io.llmharness.results.report.internal.JsonFields.integer;
import static io.llmharness.results.report.internal.JsonFields.number;
import static io.llmharness.results.report.internal.JsonFields.numbers;
import static io.llmharness.results.report.internal.JsonFields.text;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmharness.results.ResultStore;
import io.llmharness.results.internal.Json;
import io.llmharness.results.internal.ResultJson;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * Reads every {@code *.json} scenario result directly in a run directory, tolerantly: a file that
 * cannot be read or is not a scenario result is skipped with a note, a file of another schema
 * version is shown as far as it can be read, with a note.
 */
public final class ResultReader {

  /**
   * The scenarios read, in the report's order, and the notes about files skipped or partly read.
   *
   * @param scenarios the scenarios, by stage then id
   * @param notes one sentence per file skipped or read partly
   */
  public record Read(List<ScenarioEntry> scenarios, List<String> notes) {
    public Read {
      scenarios = List.copyOf(scenarios);
      notes = List.copyOf(notes);
    }
  }

  private ResultReader() {}

  /** Reads the result files of {@code runDirectory}. */
  public static Read read(Path runDirectory) throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(runDirectory)) {
      files =
          listing
              .filter(p -> p.getFileName().toString().endsWith(ResultStore.RESULT_SUFFIX))
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .filter(Files::isRegularFile)
              .sorted()
              .toList();
    }
    List<ScenarioEntry> scenarios = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      JsonNode root;
      try {
        root = Json.TREE.readTree(Files.readString(file, StandardCharsets.UTF_8));
      } catch (JsonProcessingException e) {
        notes.add(skipped(name, "it is not valid JSON (" + jsonProblem(e) + ")"));
        continue;
      } catch (CharacterCodingException e) {
        notes.add(skipped(name, "it is not UTF-8 text"));
        continue;
      } catch (IOException e) {
        notes.add(skipped(name, "it could not be read (" + oneLine(e.toString()) + ")"));
        continue;
      }
      if (root == null || !root.path("metadata").isObject() || !root.path("results").isObject()) {
        notes.add(
            skipped(name, "it is not a scenario result (no `metadata` and `results` objects)"));
        continue;
      }
      try {
        schemaNote(name, root).ifPresent(notes::add);
        scenarios.add(entry(name, root));
      } catch (RuntimeException e) {
        notes.add(skipped(name, "it could not be read (" + oneLine(e.toString()) + ")"));
      }
    }
    scenarios.sort(ScenarioEntry.REPORT_ORDER);
    return new Read(scenarios, notes);
  }

  /** The entry of one parsed result file. */
  static ScenarioEntry entry(String fileName, JsonNode root) {
    JsonNode metadata = root.path("metadata");
    JsonNode results = root.path("results");
    JsonNode extended = root.path("extended");
    JsonNode spec = extended.path("spec");
    String id =
        text(extended, "scenario_id")
            .orElse(fileName.substring(0, fileName.length() - ResultStore.RESULT_SUFFIX.length()));
    OptionalInt measured = integer(extended, "requests", "measured");
    List<ErrorCount> errors = errors(extended.path("errors"));
    Optional<LatencyStats> ttft = stats(results, extended, "ttft");
    List<String> findings = new ArrayList<>();
    if (ttft.isEmpty() && measured.orElse(0) > 0) {
      findings.add("No measured request succeeded.");
    }
    findings.addAll(Findings.of(root, errors, measured));
    return new ScenarioEntry(
        fileName,
        id,
        backend(metadata, spec),
        bool(metadata, "prefix_cache").or(() -> bool(spec, "prefix_cache")),
        first(integer(metadata, "prompt_tokens"), integer(spec, "prompt_tokens")),
        first(integer(metadata, "concurrency"), integer(spec, "concurrency")),
        integer(spec, "max_model_len"),
        ttft,
        stats(results, extended, "tpot").stream().mapToDouble(LatencyStats::p50).findFirst(),
        stats(results, extended, "itl").stream().mapToDouble(LatencyStats::p99).findFirst(),
        first(
            number(results, "output_tokens_per_second"),
            number(extended, "throughput", "output_tokens_per_second")),
        first(number(results, "throughput_rps"), number(extended, "throughput", "throughput_rps")),
        measured,
        integer(extended, "requests", "failed"),
        errors,
        number(extended, "server_metrics", "prefix_cache_hit_rate"),
        shift(extended.path("change_point").path("ttft")),
        findings);
  }

  private static Optional<String> schemaNote(String name, JsonNode root) {
    JsonNode extended = root.path("extended");
    if (!extended.isObject()) {
      return Optional.of(
          "`"
              + name
              + "` has no `extended` object (the seed's format): its errors, prefix-cache hit rate"
              + " and findings are not shown.");
    }
    OptionalInt version = integer(extended, "schema_version");
    if (version.isPresent() && version.getAsInt() != ResultJson.SCHEMA_VERSION) {
      return Optional.of(
          "`"
              + name
              + "` has schema_version "
              + version.getAsInt()
              + "; this report reads version "
              + ResultJson.SCHEMA_VERSION
              + " and shows what it can.");
    }
    return Optional.empty();
  }

  private static String backend(JsonNode metadata, JsonNode spec) {
    Optional<String> backend = text(metadata, "backend").or(() -> text(spec, "backend"));
    boolean unified =
        text(metadata, "mode").map("unified"::equals).orElse(false)
            || backend.map(b -> b.equals("none") || b.equals(ScenarioEntry.UNIFIED)).orElse(false);
    return unified
        ? ScenarioEntry.UNIFIED
        : backend.map(b -> b.toLowerCase(Locale.ROOT)).orElse("unknown");
  }

  /**
   * A latency's statistics, absent when the file says no request contributed: an empty {@code raw}
   * array, or a null summary in {@code extended.summaries}.
   */
  private static Optional<LatencyStats> stats(JsonNode results, JsonNode extended, String key) {
    JsonNode node = results.path(key);
    Optional<double[]> raw = numbers(node, "raw");
    boolean noValues =
        raw.map(r -> r.length == 0).orElse(false)
            || at(extended, "summaries", key).isNull()
            || number(node, "p50").isEmpty();
    if (noValues) {
      return Optional.empty();
    }
    return Optional.of(
        new LatencyStats(
            number(node, "p50").getAsDouble(),
            number(node, "p95").orElse(Double.NaN),
            number(node, "p99").orElse(Double.NaN),
            number(node, "min").orElse(Double.NaN),
            number(node, "max").orElse(Double.NaN),
            raw.orElseGet(() -> new double[0])));
  }

  private static List<ErrorCount> errors(JsonNode errors) {
    List<ErrorCount> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : errors.properties()) {
      OptionalInt count = integer(e.getValue(), "count");
      if (count.isPresent() && count.getAsInt() > 0) {
        out.add(
            new ErrorCount(
                e.getKey(), count.getAsInt(), text(e.getValue().path("first_messages").path(0))));
      }
    }
    return out;
  }

  private static Optional<Shift> shift(JsonNode cp) {
    OptionalInt index = integer(cp, "index");
    OptionalDouble before = number(cp, "mean_before");
    OptionalDouble after = number(cp, "mean_after");
    if (!bool(cp, "significant").orElse(false)
        || index.isEmpty()
        || before.isEmpty()
        || after.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Shift(index.getAsInt(), before.getAsDouble(), after.getAsDouble()));
  }

  private static OptionalInt first(OptionalInt a, OptionalInt b) {
    return a.isPresent() ? a : b;
  }

  private static OptionalDouble first(OptionalDouble a, OptionalDouble b) {
    return a.isPresent() ? a : b;
  }

  private static String skipped(String name, String why) {
    return "`" + name + "` skipped: " + why + ".";
  }

  /** Jackson's message without the source description, with the line and column. */
  private static String jsonProblem(JsonProcessingException e) {
    String message = String.valueOf(e.getOriginalMessage());
    int cut = message.indexOf(" (start marker at");
    message = oneLine(cut < 0 ? message : message.substring(0, cut));
    JsonLocation where = e.getLocation();
    return where == null
        ? message
        : message + " at line " + where.getLineNr() + ", column " + where.getColumnNr();
  }

  private static String oneLine(String message) {
    String s = message.replaceAll("\\s+", " ").replace('`', '\'').strip();
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }
}
