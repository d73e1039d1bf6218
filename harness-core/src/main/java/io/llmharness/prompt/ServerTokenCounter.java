package io.llmharness.prompt;

import io.llmharness.client.InferenceClient;
import io.llmharness.scenario.Endpoint;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Counts with the server's own tokenizer ({@code POST /tokenize}); for chat, in the chat form, so
 * the count includes the chat template exactly as the server applies it.
 */
public final class ServerTokenCounter implements TokenCounter {
  private final InferenceClient client;
  private final String model;
  private final Endpoint endpoint;

  public ServerTokenCounter(InferenceClient client, String model, Endpoint endpoint) {
    this.client = Objects.requireNonNull(client, "client");
    this.model = Objects.requireNonNull(model, "model");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
  }

  @Override
  public int count(String text) {
    return endpoint == Endpoint.CHAT
        ? client.tokenizeChat(model, text).count()
        : client.tokenize(model, text).count();
  }

  @Override
  public Optional<int[]> tokenIds(String text) {
    return Optional.of(client.tokenize(model, text).tokens());
  }

  @Override
  public OptionalInt chatTemplateOverhead() {
    if (endpoint != Endpoint.CHAT) {
      return OptionalInt.empty();
    }
    String probe = "Hello world.";
    return OptionalInt.of(
        client.tokenizeChat(model, probe).count() - client.tokenize(model, probe).count());
  }

  @Override
  public String describe() {
    return "server /tokenize" + (endpoint == Endpoint.CHAT ? " (chat form)" : "");
  }
}
