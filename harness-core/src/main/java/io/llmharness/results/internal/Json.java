package io.llmharness.results.internal;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The one configured Jackson mapper of the results package, and the number rounding of result
 * files: latencies in milliseconds to {@value #MILLIS_DECIMALS} decimals (a microsecond), every
 * other real number to {@value #SIGNIFICANT_DIGITS} significant digits, always written plainly with
 * a decimal point, independently of the default locale. Non-finite numbers become null.
 */
public final class Json {
  static final int MILLIS_DECIMALS = 3;
  static final int SIGNIFICANT_DIGITS = 6;

  /** The mapper: BigDecimals written plainly, unknown fields ignored on read. */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  /** Two-space indentation, {@code "key": value}, arrays on one line, {@code \n} line ends. */
  public static final ObjectWriter PRETTY =
      MAPPER.writer(
          new DefaultPrettyPrinter()
              .withSeparators(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
              .withObjectIndenter(new DefaultIndenter("  ", "\n")));

  /** One line, no spaces (JSON Lines). */
  public static final ObjectWriter COMPACT = MAPPER.writer();

  /** Reads trees. */
  public static final ObjectReader TREE = MAPPER.reader();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  /** A new empty object (keys keep insertion order). */
  public static ObjectNode object() {
    return NODES.objectNode();
  }

  /** A new empty array. */
  public static ArrayNode array() {
    return NODES.arrayNode();
  }

  /** Puts a latency in milliseconds, rounded to a microsecond. */
  public static void putMillis(ObjectNode node, String key, double ms) {
    node.set(key, millis(ms));
  }

  /** Puts a real number rounded to six significant digits. */
  public static void putReal(ObjectNode node, String key, double value) {
    node.set(key, real(value));
  }

  /** A latency in milliseconds, rounded to a microsecond. */
  public static JsonNode millis(double ms) {
    if (!Double.isFinite(ms)) {
      return NODES.nullNode();
    }
    return NODES.numberNode(
        plain(new BigDecimal(ms).setScale(MILLIS_DECIMALS, RoundingMode.HALF_EVEN)));
  }

  /** A real number rounded to six significant digits. */
  public static JsonNode real(double value) {
    if (!Double.isFinite(value)) {
      return NODES.nullNode();
    }
    return NODES.numberNode(
        plain(
            new BigDecimal(value)
                .round(new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN))));
  }

  /** Drops trailing zeros but keeps at least one decimal, so reals always read back as floats. */
  private static BigDecimal plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 1 ? stripped.setScale(1) : stripped;
  }
}
