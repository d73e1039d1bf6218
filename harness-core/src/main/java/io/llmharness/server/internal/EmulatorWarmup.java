package io.llmharness.server.internal;

import io.llmharness.client.CompletionRequest;
import io.llmharness.client.InferenceClient;
import io.llmharness.client.PromptPayload;
import io.llmharness.client.RequestTiming;
import io.llmharness.results.RequestPhase;
import io.llmharness.results.RequestRecord;
import io.llmharness.scenario.Endpoint;
import io.llmharness.server.LaunchException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Warms the JVMs of freshly started emulators (and their proxy) with a few small streamed
 * completions through the deployment's entry, before any scenario measures it. The emulator models
 * a server that is warm once it serves (vLLM captures and compiles before it answers); a cold JVM
 * instead spends its first requests interpreting the tokenizer, the JSON and HTTP code and the KV
 * side channel, which added about 170 ms to the first 4K-token TTFT through a P/D deployment (two
 * fresh emulators and a proxy) and nothing after eight 256-token requests. Real vLLM servers are
 * never warmed here: their first requests are what a scenario's warmup is for.
 */
public final class EmulatorWarmup {
  /** Prompt length of a warm-up request, in words (each about one token). */
  static final int PROMPT_WORDS = 256;

  private static final List<String> WORDS =
      List.of("the", "model", "serves", "a", "long", "prompt", "and", "streams", "tokens", "back");
  private static final Duration TIMEOUT = Duration.ofMinutes(1);

  private EmulatorWarmup() {}

  /**
   * Sends {@code requests} streamed completions of {@value #PROMPT_WORDS} words and 2 output tokens
   * to {@code entry}, one after another, each with its own leading nonce (no prefix is shared with
   * anything a scenario sends).
   *
   * @throws LaunchException when one of them fails: the deployment cannot serve
   */
  public static void run(URI entry, String model, int requests) {
    try (InferenceClient client = new InferenceClient(entry)) {
      for (int i = 0; i < requests; i++) {
        String id = "harness-warmup-" + i + "-" + Long.toHexString(System.nanoTime());
        RequestRecord r =
            client.stream(
                new CompletionRequest(
                    Endpoint.COMPLETIONS,
                    model,
                    new PromptPayload.Text(prompt(id)),
                    2,
                    0,
                    true,
                    id,
                    TIMEOUT,
                    Map.of()),
                RequestTiming.unscheduled(RequestPhase.WARMUP, i));
        if (r.error().isPresent()) {
          throw new LaunchException(
              "the emulated deployment at "
                  + entry
                  + " failed its warm-up request "
                  + (i + 1)
                  + " of "
                  + requests
                  + ": "
                  + r.error().get().cause()
                  + " "
                  + r.error().get().message()
                  + "; set harness.emulator.warmupRequests=0 to start without it");
        }
      }
    }
  }

  private static String prompt(String nonce) {
    StringBuilder text = new StringBuilder(nonce);
    for (int w = 0; w < PROMPT_WORDS; w++) {
      text.append(' ').append(WORDS.get(w % WORDS.size()));
    }
    return text.toString();
  }
}
