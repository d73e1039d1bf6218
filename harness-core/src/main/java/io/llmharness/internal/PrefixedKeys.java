package io.llmharness.internal;

import java.util.Optional;
import java.util.function.Function;

/**
 * The configuration keys under one prefix ({@code harness.preflight.}), read through a lookup such
 * as JUnit's {@code getConfigurationParameter}; errors name the whole key.
 *
 * @param lookup key → value, empty when unset
 * @param prefix what every name read here is appended to
 */
public record PrefixedKeys(Function<String, Optional<String>> lookup, String prefix) {

  /** {@link ConfigValues#read(Function, String, Object, Function)} of {@code prefix + name}. */
  public <T> T read(String name, T fallback, Function<String, T> parse) {
    return ConfigValues.read(lookup, prefix + name, fallback, parse);
  }

  /** {@link ConfigValues#text} of {@code prefix + name}. */
  public Optional<String> text(String name) {
    return ConfigValues.text(lookup, prefix + name);
  }
}
