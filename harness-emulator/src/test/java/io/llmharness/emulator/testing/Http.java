package io.llmharness.emulator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A small JDK HttpClient wrapper for the integration tests. */
public final class Http {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final EmulatorProcess emulator;

  public Http(EmulatorProcess emulator) {
    this.emulator = emulator;
  }

  /** A response with its body as text. */
  public record Reply(int status, String body, Map<String, List<String>> headers) {
    public JsonNode json() {
      return Http.json(body);
    }

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  /** One SSE line with the client's receive time. */
  public record Line(long nanos, String text) {}

  /** A streamed response: status, headers, every line as received. */
  public record Stream(
      int status, Map<String, List<String>> headers, long sentNanos, List<Line> lines) {
    /** The payloads of {@code data:} lines. */
    public List<String> data() {
      return lines.stream()
          .filter(l -> l.text().startsWith("data: "))
          .map(l -> l.text().substring(6))
          .toList();
    }

    /** The JSON payloads, [DONE] excluded. */
    public List<JsonNode> chunks() {
      return data().stream().filter(d -> !d.equals("[DONE]")).map(Http::json).toList();
    }

    /** Nanoseconds from sending to the first event with non-empty choices. */
    public long ttftNanos() {
      for (Line l : lines) {
        if (l.text().startsWith("data: {") && !l.text().contains("\"choices\":[]")) {
          return l.nanos() - sentNanos;
        }
      }
      throw new IllegalStateException("no token event in " + lines);
    }

    /**
     * Nanoseconds from sending to the time the engine scheduled the first event ({@code
     * intended_ns} of the first {@code --sse-timestamps} comment): TTFT as the model made it,
     * whatever the machine's load did to its delivery.
     */
    public long scheduledTtftNanos() {
      for (Line l : lines) {
        if (l.text().startsWith(": emitted_ns=")) {
          String intended = l.text().substring(l.text().indexOf("intended_ns=") + 12).trim();
          return Long.parseLong(intended) - sentNanos;
        }
      }
      throw new IllegalStateException("no --sse-timestamps comment in " + lines);
    }

    public long lastNanos() {
      return lines.get(lines.size() - 1).nanos();
    }
  }

  public static JsonNode json(String s) {
    try {
      return MAPPER.readTree(s);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + s, e);
    }
  }

  public Reply get(String path) {
    return send(HttpRequest.newBuilder(emulator.uri(path)).GET().build());
  }

  public Reply post(String path, String json) {
    return send(
        HttpRequest.newBuilder(emulator.uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  public Reply post(String path, String contentType, byte[] body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(emulator.uri(path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b.build());
  }

  public Reply send(HttpRequest request) {
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r.headers().map());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** POSTs and reads the response line by line as it arrives, until the server ends it. */
  public Stream stream(String path, String json) {
    return stream(path, json, Map.of());
  }

  public Stream stream(String path, String json, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(emulator.uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    headers.forEach(b::header);
    long sent = System.nanoTime();
    try {
      HttpResponse<java.io.InputStream> r =
          client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      List<Line> lines = new ArrayList<>();
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          lines.add(new Line(System.nanoTime(), line));
        }
      }
      return new Stream(r.statusCode(), r.headers().map(), sent, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The value of one Prometheus sample whose line starts with {@code prefix}, or NaN. */
  public double metric(String prefix) {
    for (String line : get("/metrics").body().split("\n")) {
      if (line.startsWith(prefix)) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return Double.NaN;
  }
}
