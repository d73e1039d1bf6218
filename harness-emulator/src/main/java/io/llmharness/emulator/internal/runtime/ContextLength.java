package io.llmharness.emulator.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmharness.emulator.internal.config.ServeArgs;
import io.llmharness.emulator.internal.profile.Profile;

/**
 * Resolves max_model_len as vLLM does: the model's max_position_embeddings, times the rope scaling
 * factor when {@code --hf-overrides} sets {@code rope_scaling} or {@code rope_parameters}; a larger
 * {@code --max-model-len} is refused unless {@code VLLM_ALLOW_LONG_MAX_MODEL_LEN=1}.
 */
final class ContextLength {
  private ContextLength() {}

  static int resolve(ServeArgs args, Profile profile, boolean allowLong) {
    int positions = profile.model().maxPositionEmbeddings();
    double factor = ropeFactor(args);
    int derived = (int) Math.round(positions * factor);
    if (args.maxModelLen().isEmpty()) {
      return factor > 1 ? derived : Math.min(profile.defaultMaxModelLen(), derived);
    }
    int requested = args.maxModelLen().getAsInt();
    if (requested > derived && !allowLong) {
      throw new IllegalArgumentException(
          "User-specified max_model_len ("
              + requested
              + ") is greater than the derived max_model_len (max_position_embeddings="
              + derived
              + " or model_max_length=None in model's config.json). To allow overriding this"
              + " maximum, set the env var VLLM_ALLOW_LONG_MAX_MODEL_LEN=1. VLLM_ALLOW_LONG_MAX_MODEL_LEN"
              + " must be used with extreme caution. If the model uses relative position encoding"
              + " (RoPE), positions exceeding derived_max_model_len lead to nan. If the model uses"
              + " absolute position encoding, positions exceeding derived_max_model_len will cause a"
              + " CUDA array out-of-bounds error.");
    }
    return requested;
  }

  private static double ropeFactor(ServeArgs args) {
    if (args.hfOverrides().isEmpty()) {
      return 1;
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(args.hfOverrides().get());
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "--hf-overrides is not valid JSON (" + e.getMessage().split("\n")[0] + ")");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("--hf-overrides must be a JSON object");
    }
    for (String key : new String[] {"rope_scaling", "rope_parameters"}) {
      JsonNode rope = root.get(key);
      if (rope != null && rope.isObject() && rope.has("factor")) {
        String type = rope.path("rope_type").asText(rope.path("type").asText(""));
        if (!type.equals("default")) {
          return rope.get("factor").asDouble(1);
        }
      }
    }
    return 1;
  }
}
