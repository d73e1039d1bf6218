package io.llmharness.prompt;

/** A prompt of the exact target length could not be built with the server's tokenizer. */
public final class PromptSizingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PromptSizingException(String message) {
    super(message);
  }
}
