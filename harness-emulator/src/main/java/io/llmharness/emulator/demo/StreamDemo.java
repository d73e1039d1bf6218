package io.llmharness.emulator.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's "main job" for now: starts the emulator as a separate process from this jar, streams
 * one {@code /v1/completions} request of a few thousand prompt tokens, prints TTFT, TPOT and token
 * counts, and stops the process. Uses only the JDK's HTTP client.
 *
 * <p>Arguments: {@code [--prompt-tokens N] [--max-tokens M] [emulator flags...]}; without a {@code
 * --profile}, the emulator runs {@code qwen2.5-32b-tp4-g7e}.
 */
public final class StreamDemo {

  private static final Pattern COMPLETION_TOKENS = Pattern.compile("\"completion_tokens\":(\\d+)");
  private static final Pattern PROMPT_TOKENS = Pattern.compile("\"prompt_tokens\":(\\d+)");

  private StreamDemo() {}

  public static void main(String[] args) throws Exception {
    int promptTokens = 4000;
    int maxTokens = 64;
    List<String> emulatorArgs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--prompt-tokens" -> promptTokens = Integer.parseInt(args[++i]);
        case "--max-tokens" -> maxTokens = Integer.parseInt(args[++i]);
        default -> emulatorArgs.add(args[i]);
      }
    }
    if (emulatorArgs.stream().noneMatch(a -> a.startsWith("--profile"))) {
      emulatorArgs.addAll(List.of("--profile", "qwen2.5-32b-tp4-g7e"));
    }
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add("io.llmharness.emulator.EmulatorMain");
    command.addAll(emulatorArgs);
    command.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port)));
    System.out.println(
        "Starting the emulator: " + String.join(" ", command.subList(3, command.size())));
    Process emulator = new ProcessBuilder(command).redirectErrorStream(true).start();
    Thread logPump = pump(emulator.getInputStream());
    try {
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(2))
              .build();
      URI base = URI.create("http://127.0.0.1:" + port);
      awaitHealthy(client, base, emulator, Duration.ofSeconds(120));
      System.out.printf(
          "Warm-up request (%d other prompt tokens, 2 output tokens) ...%n", promptTokens);
      run(client, base, "world", promptTokens, 2, false);
      System.out.printf(
          "Measured request (%d prompt tokens, %d output tokens):%n", promptTokens, maxTokens);
      run(client, base, "hello", promptTokens, maxTokens, true);
    } finally {
      emulator.toHandle().descendants().forEach(ProcessHandle::destroy);
      emulator.destroy();
      emulator.waitFor();
      logPump.join(1000);
    }
  }

  private static void run(
      HttpClient client, URI base, String word, int promptTokens, int maxTokens, boolean print)
      throws IOException, InterruptedException {
    // "hello" + " hello"·(N−1) is exactly N tokens for Qwen's tokenizer and the emulator's.
    String prompt = word + (" " + word).repeat(promptTokens - 1);
    String body =
        "{\"prompt\":\""
            + prompt
            + "\",\"max_tokens\":"
            + maxTokens
            + ",\"temperature\":0,\"ignore_eos\":true,\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true}}";
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/v1/completions"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    long sent = System.nanoTime();
    HttpResponse<InputStream> response =
        client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "the emulator answered "
              + response.statusCode()
              + ": "
              + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
    }
    long first = -1;
    long end = -1;
    int completion = -1;
    int prompted = -1;
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.startsWith("data: ")) {
          continue;
        }
        long now = System.nanoTime();
        if (line.equals("data: [DONE]")) {
          break;
        }
        if (line.contains("\"choices\":[]")) {
          completion = group(COMPLETION_TOKENS, line);
          prompted = group(PROMPT_TOKENS, line);
        } else {
          if (first < 0) {
            first = now;
          }
          end = now;
        }
      }
    }
    if (!print) {
      return;
    }
    double ttftMs = (first - sent) / 1e6;
    double e2eMs = (end - sent) / 1e6;
    System.out.printf("prompt tokens:     %d%n", prompted);
    System.out.printf("completion tokens: %d%n", completion);
    System.out.printf("TTFT:              %.1f ms%n", ttftMs);
    System.out.printf(
        "TPOT:              %.2f ms  ((E2E %.1f ms - TTFT) / (completion tokens - 1))%n",
        completion > 1 ? (e2eMs - ttftMs) / (completion - 1) : Double.NaN, e2eMs);
  }

  private static int group(Pattern p, String line) {
    Matcher m = p.matcher(line);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  private static void awaitHealthy(HttpClient client, URI base, Process emulator, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!emulator.isAlive()) {
        throw new IllegalStateException("the emulator exited with " + emulator.exitValue());
      }
      try {
        HttpResponse<Void> r =
            client.send(
                HttpRequest.newBuilder(base.resolve("/health")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // still starting
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the emulator did not become healthy within " + limit);
  }

  private static Thread pump(InputStream in) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  System.out.println("  [emulator] " + line);
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "emulator-log");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
