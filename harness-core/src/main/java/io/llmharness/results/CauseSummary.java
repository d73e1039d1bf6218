package io.llmharness.results;

import java.util.List;

/**
 * The failures of one cause.
 *
 * @param count how many measured requests failed this way
 * @param firstMessages the first few distinct messages, in order of occurrence
 * @since 0.1.0
 */
public record CauseSummary(int count, List<String> firstMessages) {
  public CauseSummary {
    firstMessages = List.copyOf(firstMessages);
  }
}
