package io.llmharness.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsing of configuration values given as text (system properties, JUnit parameters, command-line
 * flags): one reading of booleans, numbers, durations, sizes and lists for every {@code harness.*}
 * key.
 */
public final class ConfigValues {

  private static final Pattern DURATION_WITH_UNIT = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
  private static final Pattern ISO_DURATION = Pattern.compile("[-+]?[Pp].*");
  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*([kmg])?(i?b)?", Pattern.CASE_INSENSITIVE);

  private ConfigValues() {}

  /** {@code true/false}, {@code on/off}, {@code yes/no}, {@code 1/0}. */
  public static boolean parseBoolean(String s) {
    switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "true", "on", "yes", "1":
        return true;
      case "false", "off", "no", "0":
        return false;
      default:
        throw new IllegalArgumentException("use true or false");
    }
  }

  /** A whole number; underscores allowed as separators. */
  public static int parseInt(String s) {
    try {
      return Integer.parseInt(s.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a whole number", e);
    }
  }

  /** A whole number of {@code long} range; underscores allowed as separators. */
  public static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a whole number", e);
    }
  }

  /** A decimal number ({@code 25}, {@code 0.5}, {@code 1e3}). */
  public static double parseDecimal(String s) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number", e);
    }
  }

  /**
   * Seconds as a decimal number ({@code 600}, {@code 0.5}), a whole number with a unit ({@code
   * 30s}, {@code 500ms}, {@code 2m}, {@code 1h}), or ISO-8601 ({@code PT10M}).
   */
  public static Duration parseDuration(String s) {
    String t = s.trim();
    Matcher m = DURATION_WITH_UNIT.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofSeconds(n);
      };
    }
    try {
      return ISO_DURATION.matcher(t).matches()
          ? Duration.parse(t)
          : Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException(
          "use seconds (e.g. 600), a unit (30s, 500ms, 2m, 1h) or ISO-8601 (e.g. PT10M)", e);
    }
  }

  /**
   * Bytes, with an optional binary unit: {@code 16777216}, {@code 16m}, {@code 16MiB}, {@code 1k}.
   */
  public static long parseSize(String s) {
    Matcher m = SIZE.matcher(s.trim());
    if (m.matches()) {
      try {
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        return switch (unit) {
          case "k" -> n << 10;
          case "m" -> n << 20;
          case "g" -> n << 30;
          default -> n;
        };
      } catch (NumberFormatException tooManyDigits) {
        // refused below like any other malformed size
      }
    }
    throw new IllegalArgumentException("use a byte size such as 16777216, 16m or 16MiB");
  }

  /** Comma-separated, trimmed, empty entries dropped. */
  public static List<String> parseList(String s) {
    return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
  }

  /** Comma-separated {@code key=value} pairs, in order. */
  public static Map<String, String> parsePairs(String s) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String kv : parseList(s)) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("[" + kv + "] is not key=value");
      }
      pairs.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
    }
    return pairs;
  }

  /**
   * Reads and parses one key, naming the key and value in the error.
   *
   * @throws IllegalArgumentException {@code "harness.x [v] is not valid: reason"}
   */
  public static <T> T read(
      Map<String, String> config, String key, T fallback, Function<String, T> parse) {
    return read(k -> Optional.ofNullable(config.get(k)), key, fallback, parse);
  }

  /**
   * Reads one key through a lookup such as JUnit's {@code getConfigurationParameter}; a blank value
   * counts as unset.
   *
   * @throws IllegalArgumentException {@code "harness.x [v] is not valid: reason"}
   */
  public static <T> T read(
      Function<String, Optional<String>> lookup,
      String key,
      T fallback,
      Function<String, T> parse) {
    Optional<String> v = lookup.apply(key).filter(s -> !s.isBlank());
    return v.isEmpty() ? fallback : parse(key, v.get(), parse);
  }

  /** The stripped value of one key, empty when unset or blank. */
  public static Optional<String> text(Function<String, Optional<String>> lookup, String key) {
    return lookup.apply(key).map(String::strip).filter(s -> !s.isEmpty());
  }

  /**
   * Parses the value of a key or command-line flag, naming both in the error.
   *
   * @throws IllegalArgumentException {@code "name [v] is not valid: reason"}
   */
  public static <T> T parse(String name, String value, Function<String, T> parse) {
    try {
      return parse.apply(value);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          name + " [" + value + "] is not valid: " + e.getMessage(), e);
    }
  }
}
