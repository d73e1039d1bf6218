package io.llmharness.emulator.internal.engine;

/** Why a request finished, with vLLM's wire names. */
public enum FinishReason {
  STOP("stop"),
  LENGTH("length"),
  ABORT("abort"),
  ERROR("error");

  private final String wireName;

  FinishReason(String wireName) {
    this.wireName = wireName;
  }

  /** The {@code finish_reason} string. */
  public String wireName() {
    return wireName;
  }
}
