package io.llmharness.emulator.internal.engine;

/** The engine's view of the P/D connector (NixlConnector's role in vLLM). */
public interface KvConnector {

  /**
   * Producer side: pins the blocks of a request that finished its prefill for a remote decoder and
   * returns the {@code kv_transfer_params} JSON for the response. The connector runs {@code
   * release} (from any thread) once the consumer has read the blocks or the abort timeout expired.
   * Called on the engine thread.
   */
  String pin(EngineRequest request, int[] blockIds, Runnable release);

  /** Consumer side: asks the producer for its blocks; the callback may run on any thread. */
  void requestBlocks(RemotePrefill remote, PullCallback callback);

  /** Consumer side: tells the producer that its blocks were read or are no longer wanted. */
  void notifyRead(RemotePrefill remote);

  /** Outcome of {@link #requestBlocks}. */
  interface PullCallback {
    /** The producer holds the blocks and lets us read {@code numBlocks} of them. */
    void granted(int numBlocks);

    /** The blocks cannot be read (unknown, expired, unreachable producer…). */
    void failed(String reason);
  }
}
