package io.llmharness.proxy.internal.pd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmharness.proxy.LengthCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the context-length check needs from a request body: each prompt's size (exact for token ids,
 * an upper bound for text) and the number of output tokens requested.
 *
 * <p>A text prompt never has more tokens than its UTF-8 bytes plus the special tokens the tokenizer
 * or chat template adds (byte-level BPE and SentencePiece with byte fallback give every token at
 * least one byte), and the request body's length bounds the prompt's UTF-8 length (JSON escapes are
 * never shorter than what they encode). So a text prompt with {@code body bytes + slack + output <=
 * max_model_len} fits without being tokenized.
 *
 * <p>vLLM's rules (0.11–0.16, {@code reference/vllm-api.md} §2): with N prompt tokens, M output
 * tokens and context length L, a request is rejected when {@code N >= L} or {@code N + M > L}.
 * Completions default M to 16 when {@code max_tokens} is absent; an explicit null, and chat without
 * {@code max_tokens}/{@code max_completion_tokens}, mean "up to the context length" (M = 0 here).
 */
public final class LengthPlan {

  /** Special tokens a completions tokenizer may add (BOS, a SentencePiece prefix). */
  static final int COMPLETION_SLACK = 8;

  /** Tokens a chat template may add: role markers, a default system prompt, a date line. */
  static final int CHAT_SLACK = 1024;

  /** Keys of a chat request that change how {@code /tokenize} renders the messages. */
  private static final List<String> CHAT_TOKENIZE_KEYS =
      List.of(
          "add_generation_prompt",
          "continue_final_message",
          "add_special_tokens",
          "chat_template",
          "chat_template_kwargs",
          "tools",
          "documents",
          "mm_processor_kwargs");

  /** One prompt of the request. */
  public sealed interface Item permits Exact, Text {}

  /** A prompt of token ids. */
  public record Exact(int tokens) implements Item {}

  /**
   * A text prompt.
   *
   * @param tokenizeRequest the body of {@code POST /tokenize} that counts it
   * @param boundTokens at most this many tokens
   */
  public record Text(ObjectNode tokenizeRequest, long boundTokens) implements Item {}

  private final List<Item> items;
  private final int requestedOutput;

  private LengthPlan(List<Item> items, int requestedOutput) {
    this.items = List.copyOf(items);
    this.requestedOutput = requestedOutput;
  }

  public List<Item> items() {
    return items;
  }

  /** M: the output tokens the request asks for (0 when it leaves it to the context length). */
  public int requestedOutput() {
    return requestedOutput;
  }

  /** Whether a prompt of {@code tokens} tokens fits a context of {@code maxModelLen}. */
  public boolean fits(long tokens, int maxModelLen) {
    return tokens < maxModelLen && tokens + requestedOutput <= maxModelLen;
  }

  /**
   * The text prompts that need {@code /tokenize} under {@code mode}; empty when every prompt is
   * decided locally. Call only when {@link #tooLongLocally} is false.
   */
  public List<Text> toTokenize(LengthCheck mode, int maxModelLen) {
    List<Text> out = new ArrayList<>();
    for (Item item : items) {
      if (item instanceof Text t
          && (mode == LengthCheck.TOKENIZE || !fits(t.boundTokens(), maxModelLen))) {
        out.add(t);
      }
    }
    return out;
  }

  /** Whether a token-id prompt already exceeds the context. */
  public boolean tooLongLocally(int maxModelLen) {
    for (Item item : items) {
      if (item instanceof Exact e && !fits(e.tokens(), maxModelLen)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The plan for {@code body}, or empty when the request's prompt cannot be sized here (prompt
   * embeddings, images, malformed fields): the servers validate those themselves.
   */
  public static Optional<LengthPlan> of(Route route, ObjectNode body, int bodyBytes) {
    return route == Route.CHAT ? chat(body, bodyBytes) : completions(body, bodyBytes);
  }

  private static Optional<LengthPlan> completions(ObjectNode body, int bodyBytes) {
    JsonNode max = body.get("max_tokens");
    int m;
    if (max == null) {
      m = 16;
    } else if (max.isNull()) {
      m = 0;
    } else if (max.isIntegralNumber() && max.canConvertToInt() && max.intValue() >= 0) {
      m = max.intValue();
    } else {
      return Optional.empty();
    }
    JsonNode prompt = body.get("prompt");
    if (prompt == null) {
      return Optional.empty();
    }
    long bound = (long) bodyBytes + COMPLETION_SLACK;
    List<Item> items = new ArrayList<>();
    if (prompt.isTextual()) {
      items.add(new Text(completionTokenize(body, prompt), bound));
    } else if (prompt.isArray() && !prompt.isEmpty()) {
      if (allInts(prompt)) {
        items.add(new Exact(prompt.size()));
      } else {
        for (JsonNode p : prompt) {
          if (p.isTextual()) {
            items.add(new Text(completionTokenize(body, p), bound));
          } else if (p.isArray() && allInts(p)) {
            items.add(new Exact(p.size()));
          } else {
            return Optional.empty();
          }
        }
      }
    } else {
      return Optional.empty();
    }
    return Optional.of(new LengthPlan(items, m));
  }

  private static Optional<LengthPlan> chat(ObjectNode body, int bodyBytes) {
    JsonNode max = body.get("max_completion_tokens");
    if (max == null || max.isNull()) {
      max = body.get("max_tokens");
    }
    int m;
    if (max == null || max.isNull()) {
      m = 0;
    } else if (max.isIntegralNumber() && max.canConvertToInt() && max.intValue() >= 0) {
      m = max.intValue();
    } else {
      return Optional.empty();
    }
    JsonNode messages = body.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      return Optional.empty();
    }
    for (JsonNode message : messages) {
      JsonNode content = message.get("content");
      if (content != null && content.isArray()) {
        for (JsonNode part : content) {
          if (!"text".equals(part.path("type").asText())) {
            return Optional.empty();
          }
        }
      } else if (content != null && !content.isTextual() && !content.isNull()) {
        return Optional.empty();
      }
    }
    ObjectNode t = JsonNodeFactory.instance.objectNode();
    if (body.has("model")) {
      t.set("model", body.get("model"));
    }
    t.set("messages", messages);
    for (String key : CHAT_TOKENIZE_KEYS) {
      if (body.has(key)) {
        t.set(key, body.get(key));
      }
    }
    return Optional.of(new LengthPlan(List.of(new Text(t, (long) bodyBytes + CHAT_SLACK)), m));
  }

  private static ObjectNode completionTokenize(ObjectNode body, JsonNode prompt) {
    ObjectNode t = JsonNodeFactory.instance.objectNode();
    if (body.has("model")) {
      t.set("model", body.get("model"));
    }
    t.set("prompt", prompt);
    if (body.has("add_special_tokens")) {
      t.set("add_special_tokens", body.get("add_special_tokens"));
    }
    return t;
  }

  private static boolean allInts(JsonNode array) {
    for (JsonNode n : array) {
      if (!n.isIntegralNumber()) {
        return false;
      }
    }
    return true;
  }
}
