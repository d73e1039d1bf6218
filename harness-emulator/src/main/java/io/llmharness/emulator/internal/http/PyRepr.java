package io.llmharness.emulator.internal.http;

/**
 * Python {@code repr} of strings, for the pydantic-style validation dumps vLLM puts in error
 * messages (e.g. {@code [{'type': 'json_invalid', 'loc': ('body', 0), ...}]}).
 */
final class PyRepr {
  private PyRepr() {}

  static String str(String s) {
    boolean useDouble = s.indexOf('\'') >= 0 && s.indexOf('"') < 0;
    char q = useDouble ? '"' : '\'';
    StringBuilder sb = new StringBuilder(s.length() + 2).append(q);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c == q) {
            sb.append('\\').append(c);
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append(q).toString();
  }

  /** One pydantic error entry, rendered as a Python list with one dict. */
  static String validationError(String type, String loc, String msg, String input, String ctx) {
    StringBuilder sb = new StringBuilder("[{'type': ").append(str(type));
    sb.append(", 'loc': ").append(loc);
    sb.append(", 'msg': ").append(str(msg));
    sb.append(", 'input': ").append(input);
    if (ctx != null) {
      sb.append(", 'ctx': ").append(ctx);
    }
    return sb.append("}]").toString();
  }
}
