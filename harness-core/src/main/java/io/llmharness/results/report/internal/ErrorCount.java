package io.llmharness.results.report.internal;

import java.util.Objects;
import java.util.Optional;

/**
 * Failed requests of one cause.
 *
 * @param cause the cause as written in the result file, e.g. {@code timeout}
 * @param count how many measured requests failed so
 * @param firstMessage the first recorded message, if any
 */
public record ErrorCount(String cause, int count, Optional<String> firstMessage) {
  public ErrorCount {
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(firstMessage, "firstMessage");
  }
}
