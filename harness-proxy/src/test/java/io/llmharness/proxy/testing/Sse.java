package io.llmharness.proxy.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what the proxy adds to an SSE body. */
public final class Sse {

  /** The proxy's timing comment block: two comment lines, each followed by a blank line. */
  public static final Pattern PROXY_COMMENTS =
      Pattern.compile(
          "(: proxy_decode_first_token_time=\\d+\\.\\d{2}\\n\\n)?: proxy_total_time=\\d+\\.\\d{2}\\n\\n");

  private Sse() {}

  /** The body with the proxy's comment block removed (at most once, where it is). */
  public static String withoutProxyComments(String body) {
    Matcher m = PROXY_COMMENTS.matcher(body);
    return m.find() ? body.substring(0, m.start()) + body.substring(m.end()) : body;
  }

  /** The {@code key=value} pairs of {@code : key=value} comment lines starting with "proxy_". */
  public static Map<String, Double> proxyTimings(String body) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String line : body.split("\n")) {
      if (line.startsWith(": proxy_")) {
        String kv = line.substring(2);
        int eq = kv.indexOf('=');
        out.put(kv.substring(0, eq), Double.parseDouble(kv.substring(eq + 1)));
      }
    }
    return out;
  }

  /** The JSON payloads of {@code data:} lines, {@code [DONE]} included as the text "[DONE]". */
  public static List<String> data(String body) {
    List<String> out = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("data: ")) {
        out.add(line.substring(6));
      }
    }
    return out;
  }

  /** UTF-8 text of {@code bytes}. */
  public static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
