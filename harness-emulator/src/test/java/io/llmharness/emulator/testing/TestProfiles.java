package io.llmharness.emulator.testing;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Paths of the test profiles in {@code src/test/resources/profiles}. */
public final class TestProfiles {
  private TestProfiles() {}

  /**
   * 1 ms overhead, 5 ms forward floor, prefill 0.1 ms per token, free decode; 100 vs 8 Gbps links.
   */
  public static String slowPrefill() {
    return path("slow-prefill.json");
  }

  /** Fast steps and a KV cache of only 2048 tokens (128 blocks): forces preemption. */
  public static String tinyKv() {
    return path("tiny-kv.json");
  }

  /** Fast steps; every generated token is EOS with probability 0.3. */
  public static String eos() {
    return path("eos.json");
  }

  private static String path(String name) {
    try {
      return Path.of(TestProfiles.class.getResource("/profiles/" + name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A prompt of {@code n} token ids, all {@code id}: exact length, no tokenizer involved. */
  public static String ids(int id, int n) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(id);
    }
    return sb.append(']').toString();
  }
}
