package io.llmharness.results.report.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Tolerant reads from a JSON tree: a missing key, a null, or a value of another type is absent,
 * never an error, so result files of other schema versions are shown as far as they can be read.
 */
final class JsonFields {
  private JsonFields() {}

  /** The node at {@code path} (object keys), or a missing node. */
  static JsonNode at(JsonNode node, String... path) {
    JsonNode current = node;
    for (String key : path) {
      current = current.path(key);
    }
    return current;
  }

  /** A finite number at {@code path}. */
  static OptionalDouble number(JsonNode node, String... path) {
    JsonNode value = at(node, path);
    return value.isNumber() && Double.isFinite(value.asDouble())
        ? OptionalDouble.of(value.asDouble())
        : OptionalDouble.empty();
  }

  /** A whole number that fits an int at {@code path}. */
  static OptionalInt integer(JsonNode node, String... path) {
    JsonNode value = at(node, path);
    return value.isIntegralNumber() && value.canConvertToInt()
        ? OptionalInt.of(value.asInt())
        : OptionalInt.empty();
  }

  /** A string at {@code path}. */
  static Optional<String> text(JsonNode node, String... path) {
    JsonNode value = at(node, path);
    return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
  }

  /** A boolean at {@code path}. */
  static Optional<Boolean> bool(JsonNode node, String... path) {
    JsonNode value = at(node, path);
    return value.isBoolean() ? Optional.of(value.asBoolean()) : Optional.empty();
  }

  /** The finite numbers of the array at {@code path}, in order; empty when there is no array. */
  static Optional<double[]> numbers(JsonNode node, String... path) {
    JsonNode value = at(node, path);
    if (!value.isArray()) {
      return Optional.empty();
    }
    double[] out = new double[value.size()];
    int n = 0;
    for (JsonNode item : value) {
      if (item.isNumber() && Double.isFinite(item.asDouble())) {
        out[n++] = item.asDouble();
      }
    }
    return Optional.of(java.util.Arrays.copyOf(out, n));
  }
}
