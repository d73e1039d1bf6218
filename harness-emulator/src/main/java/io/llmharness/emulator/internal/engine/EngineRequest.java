package io.llmharness.emulator.internal.engine;

import java.util.Optional;

/**
 * One sequence in the engine. Immutable inputs are set by the HTTP layer; the mutable state belongs
 * to the engine thread.
 */
public final class EngineRequest {

  /** Where a request is in the scheduler. */
  enum State {
    WAITING,
    WAITING_FOR_REMOTE_KV,
    REMOTE_KV_READY,
    RUNNING,
    FINISHED
  }

  private final String internalId;
  private final int[] prompt;
  private final int maxTokens;
  private final int minTokens;
  private final boolean ignoreEos;
  private final int eosTokenId;
  private final long seed;
  private final boolean remoteDecode;
  private final Optional<RemotePrefill> remotePrefill;
  private final long cacheSalt;
  private final Sink sink;
  final long arrivalNanos;

  // Engine-thread state.
  State state = State.WAITING;
  int computed;
  int notComputed;
  int generated;
  int cachedTokens;
  boolean admittedOnce;
  long[] blockHashes;
  int hashedBlocks;
  final BlockPool.IntList blocks = new BlockPool.IntList();
  final BlockPool.IntList output = new BlockPool.IntList();
  long rng;
  long firstScheduledNanos;
  long firstTokenNanos;
  long lastTokenNanos;
  int remoteTransferredTokens;
  volatile boolean cancelled;

  /**
   * Creates a request.
   *
   * @param internalId the engine-internal id (e.g. {@code cmpl-<rid>-0-1a2b3c4d})
   * @param prompt prompt token ids
   * @param maxTokens tokens to generate at most
   * @param minTokens tokens to generate before EOS may end the request
   * @param ignoreEos never end at EOS
   * @param eosTokenId the end-of-sequence token
   * @param seed seed of the token generator
   * @param remoteDecode whether the request has {@code do_remote_decode: true} (P/D producer)
   * @param remotePrefill the producer's blocks when {@code do_remote_prefill: true} (consumer)
   * @param cacheSalt mixed into the first block hash (vLLM's {@code cache_salt}); 0 for none
   * @param sink where output goes
   * @param arrivalNanos when the request arrived, on the nanoTime clock
   */
  public EngineRequest(
      String internalId,
      int[] prompt,
      int maxTokens,
      int minTokens,
      boolean ignoreEos,
      int eosTokenId,
      long seed,
      boolean remoteDecode,
      Optional<RemotePrefill> remotePrefill,
      long cacheSalt,
      Sink sink,
      long arrivalNanos) {
    if (prompt.length == 0) {
      throw new IllegalArgumentException("a request needs at least one prompt token");
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("max_tokens " + maxTokens + " must be at least 1");
    }
    this.internalId = internalId;
    this.prompt = prompt;
    this.maxTokens = maxTokens;
    this.minTokens = minTokens;
    this.ignoreEos = ignoreEos;
    this.eosTokenId = eosTokenId;
    this.seed = seed;
    this.remoteDecode = remoteDecode;
    this.remotePrefill = remotePrefill;
    this.cacheSalt = cacheSalt;
    this.sink = sink;
    this.arrivalNanos = arrivalNanos;
    this.rng = seed;
  }

  public String internalId() {
    return internalId;
  }

  public int promptLength() {
    return prompt.length;
  }

  int[] prompt() {
    return prompt;
  }

  public int maxTokens() {
    return maxTokens;
  }

  int minTokens() {
    return minTokens;
  }

  boolean ignoreEos() {
    return ignoreEos;
  }

  public int eosTokenId() {
    return eosTokenId;
  }

  long seed() {
    return seed;
  }

  public boolean remoteDecode() {
    return remoteDecode;
  }

  public Optional<RemotePrefill> remotePrefill() {
    return remotePrefill;
  }

  long cacheSalt() {
    return cacheSalt;
  }

  public Sink sink() {
    return sink;
  }

  /** Prompt tokens served from the local prefix cache (usage.prompt_tokens_details). */
  public int cachedTokens() {
    return cachedTokens;
  }

  /** The generated token ids; read it only after the final event. */
  public int[] outputTokens() {
    return output.toArray();
  }

  /** Sequence length so far: prompt plus generated tokens. */
  int sequenceLength() {
    return prompt.length + generated;
  }

  /** Marks the request cancelled (client gone); the engine drops it at its next step. */
  public void cancel() {
    cancelled = true;
  }

  public boolean isCancelled() {
    return cancelled;
  }
}
