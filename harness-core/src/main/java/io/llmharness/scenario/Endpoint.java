package io.llmharness.scenario;

/** The OpenAI-compatible endpoint a scenario sends its requests to. */
public enum Endpoint {
  /** {@code POST /v1/completions} with a {@code prompt}. */
  COMPLETIONS("/v1/completions"),
  /** {@code POST /v1/chat/completions} with one user message. */
  CHAT("/v1/chat/completions");

  private final String path;

  Endpoint(String path) {
    this.path = path;
  }

  /** The request path, e.g. {@code /v1/completions}. */
  public String path() {
    return path;
  }

  /** Parses {@code completions} or {@code chat}, case-insensitively. */
  public static Endpoint parse(String name) {
    String n = name.trim();
    if (n.equalsIgnoreCase("completions") || n.equalsIgnoreCase("completion")) {
      return COMPLETIONS;
    }
    if (n.equalsIgnoreCase("chat")) {
      return CHAT;
    }
    throw new IllegalArgumentException("unknown endpoint [" + name + "]; use completions or chat");
  }
}
