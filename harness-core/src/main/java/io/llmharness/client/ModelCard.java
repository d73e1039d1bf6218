package io.llmharness.client;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One entry of {@code GET /v1/models}.
 *
 * @param id the served model name
 * @param maxModelLen the server's context length, when it reports one (vLLM does)
 */
public record ModelCard(String id, OptionalInt maxModelLen) {
  public ModelCard {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(maxModelLen, "maxModelLen");
  }
}
