package io.llmharness.phase15;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.support.TypeBasedParameterResolver;

/**
 * The bounds the suite asserts, per hardware profile: {@code
 * src/test/resources/bounds/<name>.properties}. The name is {@code harness.bounds}, else the
 * emulator profile on the emulated target, else {@code qwen2.5-32b-tp4-g7e} (the guide's primary
 * instance); each key is read from the JUnit configuration parameters first, then the system
 * properties. Each value names its source in the file. Test methods get it as a parameter ({@link
 * Resolver}).
 */
final class Bounds {
  private final String name;
  private final Properties values;

  private Bounds(String name, Properties values) {
    this.name = name;
    this.values = values;
  }

  /** The bounds of the run's hardware profile, its keys read through {@code lookup}. */
  static Bounds from(Function<String, Optional<String>> lookup) {
    String target = lookup.apply("harness.target").orElse("emulated");
    String fallback =
        target.isBlank() || target.trim().equalsIgnoreCase("emulated")
            ? lookup.apply("harness.emulator.profile").orElse("fast")
            : "qwen2.5-32b-tp4-g7e";
    String name = lookup.apply("harness.bounds").filter(b -> !b.isBlank()).orElse(fallback).trim();
    Properties p = new Properties();
    try (InputStream in = Bounds.class.getResourceAsStream("/bounds/" + name + ".properties")) {
      if (in == null) {
        throw new IllegalArgumentException(
            "no bounds for profile ["
                + name
                + "]; add src/test/resources/bounds/"
                + name
                + ".properties or set harness.bounds to an existing one");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Bounds(name, p);
  }

  /** Resolves a {@link Bounds} parameter: configuration parameter first, then system property. */
  static final class Resolver extends TypeBasedParameterResolver<Bounds> {
    @Override
    public Bounds resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return from(Configuration.of(context));
    }
  }

  /** The bounds file's name. */
  String name() {
    return name;
  }

  /**
   * A TTFT p50 range for this backend, concurrency and prompt length, where the guide gives one.
   */
  Optional<Range> ttftP50(String backend, int concurrency, int promptTokens) {
    String v = values.getProperty("ttft.p50." + backend + ".c" + concurrency + "." + promptTokens);
    if (v == null) {
      return Optional.empty();
    }
    String[] parts = v.split("-");
    return Optional.of(
        new Range(
            Duration.ofMillis(Long.parseLong(parts[0].trim())),
            Duration.ofMillis(Long.parseLong(parts[1].trim()))));
  }

  /** How far (as a fraction) TPOT may differ between backends at the same length. */
  double tpotTolerance() {
    return Double.parseDouble(values.getProperty("tpot.backend.tolerance", "0.10"));
  }

  /** A closed duration range. */
  record Range(Duration min, Duration max) {}
}
