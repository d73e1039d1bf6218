package io.llmharness.phase15;

import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The suite's view of a configuration key: a JUnit configuration parameter (e.g. from {@code
 * junit-platform.properties}) first, then the system property of the same name.
 */
final class Configuration {
  private Configuration() {}

  static Function<String, Optional<String>> of(ExtensionContext context) {
    return key ->
        context
            .getConfigurationParameter(key)
            .or(() -> Optional.ofNullable(System.getProperty(key)));
  }
}
