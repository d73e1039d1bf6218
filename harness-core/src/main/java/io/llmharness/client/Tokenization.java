package io.llmharness.client;

import java.util.OptionalInt;

/**
 * The answer of {@code POST /tokenize}.
 *
 * @param count the number of tokens
 * @param tokens the token ids
 * @param maxModelLen the server's context length, which vLLM reports here too
 */
public record Tokenization(int count, int[] tokens, OptionalInt maxModelLen) {
  public Tokenization {
    tokens = tokens.clone();
  }

  @Override
  public int[] tokens() {
    return tokens.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tokenization t
        && count == t.count
        && java.util.Arrays.equals(tokens, t.tokens)
        && maxModelLen.equals(t.maxModelLen);
  }

  @Override
  public int hashCode() {
    return count * 31 + java.util.Arrays.hashCode(tokens);
  }

  @Override
  public String toString() {
    return "Tokenization[count=" + count + "]";
  }
}
