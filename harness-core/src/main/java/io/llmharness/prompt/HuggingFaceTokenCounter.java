package io.llmharness.prompt;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Counts with a local Hugging Face {@code tokenizer.json} (through DJL's tokenizers, whose native
 * library ships in its jar): for OpenAI-compatible servers without {@code /tokenize}. Counts the
 * completion form only; chat needs the server's own template, so use the server's {@code /tokenize}
 * or {@link UsageTokenCounter} for chat. Requires {@code ai.djl.huggingface:tokenizers} on the
 * classpath (an optional dependency of harness-core).
 */
public final class HuggingFaceTokenCounter implements TokenCounter, AutoCloseable {
  private final Path file;
  private final HuggingFaceTokenizer tokenizer;

  /**
   * Loads a tokenizer.
   *
   * @throws IllegalArgumentException when the file is missing or not a tokenizer.json
   */
  public HuggingFaceTokenCounter(Path tokenizerJson) {
    if (!Files.isRegularFile(tokenizerJson)) {
      throw new IllegalArgumentException(
          "harness.tokenizer ["
              + tokenizerJson
              + "] is not a file; give the path of a tokenizer.json");
    }
    this.file = tokenizerJson;
    try {
      // No truncation and no padding: DJL truncates to the model length by default, which would
      // hide the real length of long prompts.
      this.tokenizer =
          HuggingFaceTokenizer.builder()
              .optTokenizerPath(tokenizerJson)
              .optTruncation(false)
              .optPadding(false)
              .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the tokenizer " + tokenizerJson, e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "harness.tokenizer ["
              + tokenizerJson
              + "] is not a valid tokenizer.json: "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public int count(String text) {
    return ids(text).length;
  }

  @Override
  public Optional<int[]> tokenIds(String text) {
    return Optional.of(ids(text));
  }

  private int[] ids(String text) {
    Encoding e = tokenizer.encode(text, true, false);
    long[] ids = e.getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.toIntExact(ids[i]);
    }
    return out;
  }

  @Override
  public String describe() {
    return "local tokenizer " + file;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
