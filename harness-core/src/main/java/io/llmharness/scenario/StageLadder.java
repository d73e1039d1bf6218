package io.llmharness.scenario;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The server restart stages: ascending {@code max_model_len} values. A scenario runs on the
 * smallest stage that fits its prompt plus output, unless it names one. Immutable.
 *
 * @param maxModelLens the stages, strictly ascending
 */
public record StageLadder(List<Integer> maxModelLens) {
  /** The Phase 15 ladder: 32768, 65536, 131072. */
  public static final StageLadder DEFAULT = new StageLadder(List.of(32768, 65536, 131072));

  public StageLadder {
    maxModelLens = List.copyOf(maxModelLens);
    if (maxModelLens.isEmpty()) {
      throw new IllegalArgumentException("the stage ladder needs at least one max_model_len");
    }
    for (int i = 0; i < maxModelLens.size(); i++) {
      if (maxModelLens.get(i) < 1 || (i > 0 && maxModelLens.get(i) <= maxModelLens.get(i - 1))) {
        throw new IllegalArgumentException(
            "stages must be positive and strictly ascending, but were " + maxModelLens);
      }
    }
  }

  /** Parses {@code 32768,65536,131072}. */
  public static StageLadder parse(String commaSeparated) {
    try {
      return new StageLadder(
          java.util.Arrays.stream(commaSeparated.split(","))
              .map(String::trim)
              .filter(s -> !s.isEmpty())
              .map(Integer::valueOf)
              .collect(Collectors.toList()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "harness.stages [" + commaSeparated + "] must be comma-separated whole numbers", e);
    }
  }

  /** The smallest stage holding {@code tokens}, if any. */
  public Optional<Integer> smallestFitting(int tokens) {
    return maxModelLens.stream().filter(len -> len >= tokens).findFirst();
  }

  /** The 1-based stage number of a max_model_len, if it is on the ladder. */
  public Optional<Integer> stageNumber(int maxModelLen) {
    int i = maxModelLens.indexOf(maxModelLen);
    return i < 0 ? Optional.empty() : Optional.of(i + 1);
  }

  /** "stage 2 (65536)" or "max_model_len 50000" for a value off the ladder. */
  public String describe(int maxModelLen) {
    return stageNumber(maxModelLen)
        .map(n -> "stage " + n + " (" + maxModelLen + ")")
        .orElse("max_model_len " + maxModelLen);
  }
}
