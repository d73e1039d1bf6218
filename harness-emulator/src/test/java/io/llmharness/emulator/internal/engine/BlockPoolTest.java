package io.llmharness.emulator.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlockPoolTest {

  @Test
  void releasedFullBlocksAreFoundByHash() {
    BlockPool pool = new BlockPool(8, true);
    BlockPool.IntList blocks = new BlockPool.IntList();
    pool.allocate(2, blocks);
    pool.cacheFull(blocks.get(0), 11L);
    pool.cacheFull(blocks.get(1), 22L);
    pool.release(blocks);
    assertThat(pool.cachedPrefixBlocks(new long[] {11L, 22L, 33L}, 3)).isEqualTo(2);
    assertThat(pool.freeBlocks()).isEqualTo(8);
  }

  @Test
  void evictionDropsTheHashOfTheLeastRecentlyFreedBlock() {
    BlockPool pool = new BlockPool(2, true);
    BlockPool.IntList a = new BlockPool.IntList();
    pool.allocate(1, a);
    pool.cacheFull(a.get(0), 1L);
    pool.release(a);
    BlockPool.IntList b = new BlockPool.IntList();
    pool.allocate(2, b);
    assertThat(pool.cachedPrefixBlocks(new long[] {1L}, 1)).isZero();
  }

  @Test
  void takingCachedBlocksRemovesThemFromTheFreeQueue() {
    BlockPool pool = new BlockPool(4, true);
    BlockPool.IntList a = new BlockPool.IntList();
    pool.allocate(1, a);
    pool.cacheFull(a.get(0), 7L);
    pool.release(a);
    BlockPool.IntList b = new BlockPool.IntList();
    pool.takeCached(new long[] {7L}, 1, b);
    assertThat(pool.freeBlocks()).isEqualTo(3);
    assertThat(pool.usage()).isEqualTo(0.25);
  }

  @Test
  void allocationFailsWithoutSideEffectsWhenBlocksAreShort() {
    BlockPool pool = new BlockPool(2, false);
    BlockPool.IntList a = new BlockPool.IntList();
    assertThat(pool.allocate(3, a)).isFalse();
    assertThat(a.size()).isZero();
    assertThat(pool.freeBlocks()).isEqualTo(2);
  }

  @Test
  void withCachingOffNothingIsFound() {
    BlockPool pool = new BlockPool(2, false);
    BlockPool.IntList a = new BlockPool.IntList();
    pool.allocate(1, a);
    pool.cacheFull(a.get(0), 1L);
    pool.release(a);
    assertThat(pool.cachedPrefixBlocks(new long[] {1L}, 1)).isZero();
  }
}
