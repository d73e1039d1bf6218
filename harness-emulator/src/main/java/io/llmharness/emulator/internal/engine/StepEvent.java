package io.llmharness.emulator.internal.engine;

/**
 * What one engine step produced for one request: a token (or none), and how the request finished if
 * it did. {@code intendedNanos} is the step's end on the {@link System#nanoTime()} clock, the
 * moment the event is meant to be written.
 */
public final class StepEvent {
  final EngineRequest request;
  final int tokenId;
  final int completionTokens;
  final FinishReason finish;
  final long intendedNanos;
  final String kvTransferParams;

  StepEvent(
      EngineRequest request,
      int tokenId,
      int completionTokens,
      FinishReason finish,
      long intendedNanos,
      String kvTransferParams) {
    this.request = request;
    this.tokenId = tokenId;
    this.completionTokens = completionTokens;
    this.finish = finish;
    this.intendedNanos = intendedNanos;
    this.kvTransferParams = kvTransferParams;
  }

  /** The producer's {@code kv_transfer_params} JSON on its final event, else null. */
  public String kvTransferParams() {
    return kvTransferParams;
  }

  public EngineRequest request() {
    return request;
  }

  /** The generated token, or -1 when the event carries none (an error). */
  public int tokenId() {
    return tokenId;
  }

  /** Tokens generated so far, this one included. */
  public int completionTokens() {
    return completionTokens;
  }

  /** How the request finished, or null while it runs. */
  public FinishReason finish() {
    return finish;
  }

  public long intendedNanos() {
    return intendedNanos;
  }

  /** Whether the token is the end-of-sequence token, which carries no text. */
  public boolean isEos() {
    return tokenId >= 0 && tokenId == request.eosTokenId();
  }
}
