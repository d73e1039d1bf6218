package io.llmharness.emulator.internal.engine;

/** Content hashes of a prompt's full blocks, each chained to the previous one. */
final class BlockHashes {
  private BlockHashes() {}

  static long[] of(int[] tokens, int blockSize, long salt) {
    long[] hashes = new long[tokens.length / blockSize];
    long parent = mix(0x243F6A8885A308D3L ^ salt);
    for (int b = 0; b < hashes.length; b++) {
      long h = parent;
      for (int i = b * blockSize; i < (b + 1) * blockSize; i++) {
        h = mix(h ^ (tokens[i] * 0x100000001B3L + i));
      }
      hashes[b] = h;
      parent = h;
    }
    return hashes;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
    z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
    return z ^ (z >>> 33);
  }
}
