package io.llmharness.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Parsing of configuration values given as text (system properties, JUnit parameters). */
public final class ConfigValues {
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

  /** Seconds as a decimal number ({@code 600}, {@code 0.5}), or ISO-8601 ({@code PT10M}). */
  public static Duration parseDuration(String s) {
    String t = s.trim();
    if (t.startsWith("P") || t.startsWith("p")) {
      return Duration.parse(t.toUpperCase(Locale.ROOT));
    }
    try {
      return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("use seconds (e.g. 600) or ISO-8601 (e.g. PT10M)", e);
    }
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
      Map<String, String> config,
      String key,
      T fallback,
      java.util.function.Function<String, T> parse) {
    String v = config.get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return parse.apply(v);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(key + " [" + v + "] is not valid: " + e.getMessage(), e);
    }
  }
}
