package io.llmharness.scenario;

/** How closed-loop concurrency is driven. */
public enum LoadMode {
  /**
   * Each of the {@code concurrency} workers sends its next request as soon as its previous one
   * finished, so exactly {@code concurrency} requests are in flight until the last ones.
   */
  CONTINUOUS,
  /**
   * The seed's "rounds": {@code concurrency} requests start together, the next round starts when
   * all of them finished. Kept for comparability with the original scripts.
   */
  ROUNDS;

  /** Parses {@code continuous} or {@code rounds}, case-insensitively. */
  public static LoadMode parse(String name) {
    for (LoadMode m : values()) {
      if (m.name().equalsIgnoreCase(name.trim())) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown load mode [" + name + "]; use continuous or rounds");
  }
}
