package io.llmharness.emulator.internal.engine;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The KV-cache blocks of one engine with vLLM's prefix cache: full blocks are hashed by content
 * (chained from the start of the prompt); a freed block keeps its hash and stays reusable until it
 * is evicted; free blocks are evicted least recently freed first. Engine-thread only.
 */
final class BlockPool {

  private static final int NONE = -1;

  private final int numBlocks;
  private final boolean cachingEnabled;
  private final int[] refCount;
  private final long[] hashOf;
  private final boolean[] hashed;
  private final Map<Long, Integer> blockByHash = new HashMap<>();
  // Free queue as a doubly linked list over block ids; head is evicted first.
  private final int[] prev;
  private final int[] next;
  private final boolean[] inFreeQueue;
  private int head = NONE;
  private int tail = NONE;
  private int freeCount;

  BlockPool(int numBlocks, boolean cachingEnabled) {
    if (numBlocks < 1) {
      throw new IllegalArgumentException("the KV cache needs at least one block, got " + numBlocks);
    }
    this.numBlocks = numBlocks;
    this.cachingEnabled = cachingEnabled;
    refCount = new int[numBlocks];
    hashOf = new long[numBlocks];
    hashed = new boolean[numBlocks];
    prev = new int[numBlocks];
    next = new int[numBlocks];
    inFreeQueue = new boolean[numBlocks];
    for (int b = 0; b < numBlocks; b++) {
      append(b);
    }
  }

  int numBlocks() {
    return numBlocks;
  }

  int freeBlocks() {
    return freeCount;
  }

  /** Fraction of blocks held by requests (vLLM's kv_cache_usage_perc). */
  double usage() {
    return (numBlocks - freeCount) / (double) numBlocks;
  }

  boolean cachingEnabled() {
    return cachingEnabled;
  }

  /**
   * Counts how many of the leading block hashes are cached, up to {@code maxBlocks}, without taking
   * them.
   */
  int cachedPrefixBlocks(long[] hashes, int maxBlocks) {
    if (!cachingEnabled) {
      return 0;
    }
    int n = 0;
    while (n < maxBlocks && n < hashes.length && blockByHash.containsKey(hashes[n])) {
      n++;
    }
    return n;
  }

  /** Takes the cached blocks of the first {@code count} hashes into {@code into}. */
  void takeCached(long[] hashes, int count, IntList into) {
    for (int i = 0; i < count; i++) {
      int b = blockByHash.get(hashes[i]);
      if (refCount[b] == 0) {
        unlink(b);
      }
      refCount[b]++;
      into.add(b);
    }
  }

  /** Allocates {@code count} fresh blocks into {@code into}, or nothing if too few are free. */
  boolean allocate(int count, IntList into) {
    if (count > freeCount) {
      return false;
    }
    for (int i = 0; i < count; i++) {
      int b = head;
      unlink(b);
      if (hashed[b]) {
        blockByHash.remove(hashOf[b], b);
        hashed[b] = false;
      }
      refCount[b] = 1;
      into.add(b);
    }
    return true;
  }

  /** Records the content hash of a block that just became full. */
  void cacheFull(int block, long hash) {
    if (!cachingEnabled || hashed[block]) {
      return;
    }
    if (blockByHash.putIfAbsent(hash, block) == null) {
      hashOf[block] = hash;
      hashed[block] = true;
    }
  }

  /** Releases blocks in reverse order, so a sequence's tail is evicted before its head. */
  void release(IntList blocks) {
    for (int i = blocks.size() - 1; i >= 0; i--) {
      int b = blocks.get(i);
      if (--refCount[b] == 0) {
        append(b);
      }
    }
    blocks.clear();
  }

  /** Forgets every cached hash of free blocks (vLLM's reset_prefix_cache). */
  void resetPrefixCache() {
    for (int b = 0; b < numBlocks; b++) {
      if (hashed[b] && refCount[b] == 0) {
        blockByHash.remove(hashOf[b], b);
        hashed[b] = false;
      }
    }
  }

  private void append(int b) {
    prev[b] = tail;
    next[b] = NONE;
    if (tail != NONE) {
      next[tail] = b;
    } else {
      head = b;
    }
    tail = b;
    inFreeQueue[b] = true;
    freeCount++;
  }

  private void unlink(int b) {
    if (!inFreeQueue[b]) {
      throw new IllegalStateException("block " + b + " is not free");
    }
    if (prev[b] != NONE) {
      next[prev[b]] = next[b];
    } else {
      head = next[b];
    }
    if (next[b] != NONE) {
      prev[next[b]] = prev[b];
    } else {
      tail = prev[b];
    }
    inFreeQueue[b] = false;
    freeCount--;
  }

  /** A growable list of ints. */
  static final class IntList {
    private int[] data = new int[8];
    private int size;

    void add(int v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, size * 2);
      }
      data[size++] = v;
    }

    int get(int i) {
      return data[i];
    }

    int size() {
      return size;
    }

    void clear() {
      size = 0;
    }

    int[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }
}
