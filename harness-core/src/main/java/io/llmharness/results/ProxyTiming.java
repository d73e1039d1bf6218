package io.llmharness.results;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Timings the P/D proxy reports per request, in milliseconds: two response headers (the seed's) and
 * two values in SSE comment lines. A result has a proxy metric only when at least one request
 * carried it (the seed's semantics).
 *
 * @since 0.1.0
 */
public enum ProxyTiming {
  /** Header {@code X-Proxy-Prefill-Time}: the prefill round trip as the proxy saw it. */
  PREFILL("proxy_prefill_time", "X-Proxy-Prefill-Time", true),
  /** Header {@code X-Proxy-KV-Extract-Time}: the seed proxy's KV-parameter extraction time. */
  KV_EXTRACT("proxy_kv_extract_time", "X-Proxy-KV-Extract-Time", true),
  /** SSE comment {@code proxy_decode_first_token_time=<ms>}: until decode's first token. */
  DECODE_FIRST_TOKEN("proxy_decode_first_token_time", "proxy_decode_first_token_time", false),
  /** SSE comment {@code proxy_total_time=<ms>}: the whole request inside the proxy. */
  TOTAL("proxy_total_time", "proxy_total_time", false);

  private final String resultKey;
  private final String source;
  private final boolean header;

  ProxyTiming(String resultKey, String source, boolean header) {
    this.resultKey = resultKey;
    this.source = source;
    this.header = header;
  }

  /** The key in the result JSON's {@code results} object. */
  public String resultKey() {
    return resultKey;
  }

  /** The header name, or the key of the SSE comment. */
  public String source() {
    return source;
  }

  /** This timing of {@code record}, when it carried a parseable value. */
  public OptionalDouble millis(RequestRecord record) {
    return header
        ? headerMillis(record.proxyHeaders(), source)
        : commentMillis(record.sseComments(), source);
  }

  /**
   * The value of header {@code name} (looked up case-insensitively) as milliseconds; empty when
   * absent or not a finite decimal number (the seed ignored such values too).
   */
  public static OptionalDouble headerMillis(Map<String, String> headers, String name) {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return parse(e.getValue());
      }
    }
    return OptionalDouble.empty();
  }

  /**
   * The value of {@code key} in SSE comment lines (without their leading colon) of the form {@code
   * key=<ms>}; a line may hold several whitespace-separated {@code key=value} pairs, and the last
   * occurrence in the stream wins. Empty when absent or not a finite decimal number.
   */
  public static OptionalDouble commentMillis(List<String> comments, String key) {
    OptionalDouble found = OptionalDouble.empty();
    String prefix = key + "=";
    for (String comment : comments) {
      for (String token : comment.strip().split("\\s+")) {
        if (token.startsWith(prefix)) {
          OptionalDouble value = parse(token.substring(prefix.length()));
          if (value.isPresent()) {
            found = value;
          }
        }
      }
    }
    return found;
  }

  private static OptionalDouble parse(String text) {
    try {
      double v = Double.parseDouble(text.strip());
      return Double.isFinite(v) ? OptionalDouble.of(v) : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }
}
