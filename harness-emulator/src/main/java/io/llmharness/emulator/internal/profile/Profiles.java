package io.llmharness.emulator.internal.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/** Loads profiles: a shipped one by name, or a JSON file by path. */
public final class Profiles {

  /** Names of the profiles shipped in the jar. */
  public static final List<String> SHIPPED =
      List.of("fast", "qwen2.5-32b-tp4-g7e", "qwen2.5-7b-tp1-g5");

  private Profiles() {}

  /** Loads a shipped profile by name, or else a file by path. */
  public static Profile load(String nameOrPath) {
    if (SHIPPED.contains(nameOrPath)) {
      String resource = "/io/llmharness/emulator/profiles/" + nameOrPath + ".json";
      try (InputStream in = Profiles.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("profile resource " + resource + " is missing");
        }
        return parse(new ObjectMapper().readTree(in), nameOrPath);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read shipped profile " + nameOrPath, e);
      }
    }
    Path path = Path.of(nameOrPath);
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(
          "--profile "
              + nameOrPath
              + " is neither a shipped profile "
              + SHIPPED
              + " nor a readable JSON file");
    }
    try {
      return parse(new ObjectMapper().readTree(path.toFile()), nameOrPath);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "profile " + nameOrPath + " is not valid JSON (" + firstLine(e) + ")");
    }
  }

  /** Parses a profile document; {@code source} names it in errors. */
  public static Profile parse(JsonNode root, String source) {
    try {
      return parseUnchecked(root);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("profile " + source + ": " + e.getMessage(), e);
    }
  }

  private static Profile parseUnchecked(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("the document must be a JSON object");
    }
    JsonNode model = object(root, "model");
    ModelShape shape =
        new ModelShape(
            text(model, "model.name", "name"),
            integer(model, "model.num_layers", "num_layers"),
            integer(model, "model.num_kv_heads", "num_kv_heads"),
            integer(model, "model.head_dim", "head_dim"),
            integer(model, "model.dtype_bytes", "dtype_bytes"),
            integer(model, "model.max_position_embeddings", "max_position_embeddings"));
    JsonNode defaults = object(root, "defaults");
    JsonNode kv = object(root, "kv_cache");
    KvCapacity capacity =
        kv.has("tokens")
            ? new KvCapacity(OptionalLong.of(kv.get("tokens").asLong()), 0, 0, 0)
            : new KvCapacity(
                OptionalLong.empty(),
                number(kv, "kv_cache.gpu_memory_gib", "gpu_memory_gib"),
                number(kv, "kv_cache.weights_gib", "weights_gib"),
                number(kv, "kv_cache.activation_gib", "activation_gib"));
    JsonNode lat = object(root, "latency");
    List<Double> poly = new ArrayList<>();
    JsonNode polyNode = lat.get("prefill_ms_polynomial");
    if (polyNode == null || !polyNode.isArray()) {
      throw new IllegalArgumentException("latency.prefill_ms_polynomial must be an array");
    }
    polyNode.forEach(n -> poly.add(n.asDouble()));
    LatencyModel latency =
        new LatencyModel(
            number(lat, "latency.step_overhead_ms", "step_overhead_ms"),
            number(lat, "latency.forward_floor_ms", "forward_floor_ms"),
            poly,
            number(lat, "latency.decode_ms_per_seq", "decode_ms_per_seq"),
            number(lat, "latency.decode_ms_per_1k_context", "decode_ms_per_1k_context"),
            lat.has("producer_prefill_factor") ? lat.get("producer_prefill_factor").asDouble() : 1);
    Map<String, Link> links = new LinkedHashMap<>();
    JsonNode linksNode = root.get("links");
    if (linksNode != null) {
      for (Map.Entry<String, JsonNode> e : linksNode.properties()) {
        links.put(
            e.getKey().toUpperCase(Locale.ROOT),
            new Link(
                number(e.getValue(), "links." + e.getKey() + ".gbps", "gbps"),
                number(e.getValue(), "links." + e.getKey() + ".latency_ms", "latency_ms")));
      }
    }
    JsonNode pa = root.get("phase_a");
    PhaseA phaseA =
        pa == null
            ? PhaseA.off()
            : new PhaseA(
                integer(pa, "phase_a.transfers", "transfers"),
                number(pa, "phase_a.factor", "factor"));
    return new Profile(
        text(root, "name", "name"),
        shape,
        integer(defaults, "defaults.max_model_len", "max_model_len"),
        integer(defaults, "defaults.max_num_batched_tokens", "max_num_batched_tokens"),
        integer(defaults, "defaults.max_num_seqs", "max_num_seqs"),
        defaults.has("tensor_parallel_size")
            ? integer(defaults, "defaults.tensor_parallel_size", "tensor_parallel_size")
            : 1,
        capacity,
        latency,
        links,
        phaseA,
        root.has("eos_probability") ? root.get("eos_probability").asDouble() : 0);
  }

  private static JsonNode object(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isObject()) {
      throw new IllegalArgumentException(field + " is missing or not an object");
    }
    return v;
  }

  private static String text(JsonNode node, String path, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(path + " is missing or not a string");
    }
    return v.asText();
  }

  private static int integer(JsonNode node, String path, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException(path + " is missing or not an integer");
    }
    return v.asInt();
  }

  private static double number(JsonNode node, String path, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isNumber()) {
      throw new IllegalArgumentException(path + " is missing or not a number");
    }
    return v.asDouble();
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  static void requirePositive(String field, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " " + value + " must be positive");
    }
  }

  static void requireNonNegative(String field, double value) {
    if (!(value >= 0)) {
      throw new IllegalArgumentException(field + " " + value + " must not be negative");
    }
  }
}
