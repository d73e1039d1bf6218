package io.llmharness.preflight.internal;

import io.llmharness.preflight.CommandRunner;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed reads of configuration values, with errors that name the key. */
public final class SettingValues {

  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");
  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*([kmg])?(i?b)?", Pattern.CASE_INSENSITIVE);

  private final Function<String, Optional<String>> lookup;

  public SettingValues(Function<String, Optional<String>> lookup) {
    this.lookup = lookup;
  }

  public Optional<String> string(String key) {
    return lookup.apply(key).map(String::strip).filter(s -> !s.isEmpty());
  }

  public boolean bool(String key, boolean fallback) {
    Optional<String> value = string(key);
    if (value.isEmpty()) {
      return fallback;
    }
    String v = value.get().toLowerCase(Locale.ROOT);
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    throw invalid(key, value.get(), "true or false");
  }

  public int integer(String key, int fallback) {
    Optional<String> value = string(key);
    try {
      return value.map(Integer::parseInt).orElse(fallback);
    } catch (NumberFormatException e) {
      throw invalid(key, value.get(), "an integer");
    }
  }

  public long longValue(String key, long fallback) {
    Optional<String> value = string(key);
    try {
      return value.map(Long::parseLong).orElse(fallback);
    } catch (NumberFormatException e) {
      throw invalid(key, value.get(), "an integer");
    }
  }

  public double decimal(String key, double fallback) {
    Optional<String> value = string(key);
    try {
      return value.map(Double::parseDouble).orElse(fallback);
    } catch (NumberFormatException e) {
      throw invalid(key, value.get(), "a number");
    }
  }

  public Duration duration(String key, Duration fallback) {
    Optional<String> value = string(key);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      return parseDuration(value.get());
    } catch (IllegalArgumentException e) {
      throw invalid(key, value.get(), "a duration such as 30s, 500ms, 2m or PT30S");
    }
  }

  public long size(String key, long fallback) {
    Optional<String> value = string(key);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      return parseSize(value.get());
    } catch (IllegalArgumentException e) {
      throw invalid(key, value.get(), "a byte size such as 16777216, 16m or 16MiB");
    }
  }

  public CommandRunner node(String key) {
    Optional<String> value = string(key);
    try {
      return CommandRunner.parse(value.orElse("local"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  /** {@code 30} (seconds), {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h} or ISO-8601. */
  public static Duration parseDuration(String text) {
    String t = text.strip();
    Matcher m = SIMPLE_DURATION.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      return switch (unit) {
        case "ms" -> Duration.ofMillis(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofSeconds(n);
      };
    }
    try {
      return Duration.parse(t);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a duration", e);
    }
  }

  /**
   * Bytes, with an optional binary unit: {@code 16777216}, {@code 16m}, {@code 16MiB}, {@code 1k}.
   */
  public static long parseSize(String text) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a byte size");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
    return switch (unit) {
      case "k" -> n << 10;
      case "m" -> n << 20;
      case "g" -> n << 30;
      default -> n;
    };
  }

  private static IllegalArgumentException invalid(String key, String value, String expected) {
    return new IllegalArgumentException(key + " = '" + value + "' is invalid; use " + expected);
  }
}
