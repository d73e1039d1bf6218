package io.llmharness.scenario;

import java.util.Objects;
import java.util.function.Function;

/**
 * One scenario option: its name, the system property that overrides it ({@code harness.<name>}),
 * and how a text value is parsed. The constants live in {@link Options}.
 *
 * @param <T> the value type
 */
public final class Option<T> {
  private final String name;
  private final Class<T> type;
  private final Function<String, T> parser;
  private final String description;

  Option(String name, Class<T> type, Function<String, T> parser, String description) {
    this.name = Objects.requireNonNull(name);
    this.type = Objects.requireNonNull(type);
    this.parser = Objects.requireNonNull(parser);
    this.description = Objects.requireNonNull(description);
  }

  /** The option's name, e.g. {@code promptTokens}. */
  public String name() {
    return name;
  }

  /** The system property / configuration key, e.g. {@code harness.promptTokens}. */
  public String key() {
    return "harness." + name;
  }

  /** One sentence saying what the option does. */
  public String description() {
    return description;
  }

  /** The value type. */
  public Class<T> type() {
    return type;
  }

  /**
   * Parses one text value.
   *
   * @throws IllegalArgumentException with a sentence naming the key and the value
   */
  public T parse(String text) {
    try {
      return parser.apply(text.trim());
    } catch (IllegalArgumentException e) {
      String reason = e.getMessage() == null ? "" : ": " + e.getMessage();
      throw new IllegalArgumentException(
          key() + " [" + text + "] is not a valid " + type.getSimpleName() + reason, e);
    }
  }

  T cast(Object value) {
    return type.cast(value);
  }

  @Override
  public String toString() {
    return key();
  }
}
