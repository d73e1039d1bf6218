package io.llmharness.proxy.internal.pd;

/** The two endpoints that go through prefill and decode. */
public enum Route {
  COMPLETIONS("/v1/completions", "completions"),
  CHAT("/v1/chat/completions", "chat_completions");

  private final String path;
  private final String label;

  Route(String path, String label) {
    this.path = path;
    this.label = label;
  }

  public String path() {
    return path;
  }

  /** The metrics label. */
  public String label() {
    return label;
  }

  /** The route of {@code path}, or null. */
  public static Route of(String path) {
    for (Route r : values()) {
      if (r.path.equals(path)) {
        return r;
      }
    }
    return null;
  }
}
