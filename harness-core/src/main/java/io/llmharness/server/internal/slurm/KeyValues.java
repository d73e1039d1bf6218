package io.llmharness.server.internal.slurm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the one-line {@code Key=Value Key=Value} records of {@code scontrol show -o}. A word
 * without {@code =} continues the previous value (values such as {@code Command} may hold spaces).
 */
final class KeyValues {
  private KeyValues() {}

  static Map<String, String> parse(String line) {
    Map<String, String> out = new LinkedHashMap<>();
    String last = null;
    for (String word : line.strip().split("\\s+")) {
      int eq = word.indexOf('=');
      if (eq > 0) {
        last = word.substring(0, eq);
        out.put(last, word.substring(eq + 1));
      } else if (last != null && !word.isEmpty()) {
        out.put(last, out.get(last) + " " + word);
      }
    }
    return out;
  }
}
