package io.llmharness.emulator.internal.tokenizer;

import java.util.List;

/**
 * Qwen2.5-Instruct's chat template (without tools): a default system prompt when the first message
 * is not a system message, one {@code <|im_start|>role\ncontent<|im_end|>\n} block per message, and
 * {@code <|im_start|>assistant\n} when a generation prompt is asked for.
 */
public final class ChatTemplate {

  /** The system prompt Qwen2.5's template inserts when there is none. */
  public static final String DEFAULT_SYSTEM_PROMPT =
      "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";

  /** One chat message. */
  public record Message(String role, String content) {
    public Message {
      if (role == null || role.isEmpty()) {
        throw new IllegalArgumentException("a chat message needs a role");
      }
      content = content == null ? "" : content;
    }
  }

  private ChatTemplate() {}

  /** Renders messages into the prompt text. */
  public static String render(List<Message> messages, boolean addGenerationPrompt) {
    StringBuilder sb = new StringBuilder();
    if (messages.isEmpty() || !messages.get(0).role().equals("system")) {
      block(sb, "system", DEFAULT_SYSTEM_PROMPT);
    }
    for (Message m : messages) {
      block(sb, m.role(), m.content());
    }
    if (addGenerationPrompt) {
      sb.append("<|im_start|>assistant\n");
    }
    return sb.toString();
  }

  private static void block(StringBuilder sb, String role, String content) {
    sb.append("<|im_start|>").append(role).append('\n').append(content).append("<|im_end|>\n");
  }
}
