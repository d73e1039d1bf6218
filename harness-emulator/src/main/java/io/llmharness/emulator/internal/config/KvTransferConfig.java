package io.llmharness.emulator.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The parts of vLLM's {@code --kv-transfer-config} the emulator uses.
 *
 * @param connector the {@code kv_connector}
 * @param role the {@code kv_role} (NixlConnector ignores it, as vLLM does)
 * @param engineId {@code engine_id}, a random UUID when absent
 * @param backends {@code kv_connector_extra_config.backends}, default {@code ["UCX"]}
 * @param loadFailurePolicy {@code kv_load_failure_policy} when given
 */
public record KvTransferConfig(
    String connector,
    String role,
    String engineId,
    List<String> backends,
    Optional<String> loadFailurePolicy) {

  private static final Set<String> ROLES = Set.of("kv_producer", "kv_consumer", "kv_both");
  private static final Set<String> POLICIES = Set.of("recompute", "fail");

  public KvTransferConfig {
    backends = List.copyOf(backends);
    if (backends.isEmpty()) {
      throw new IllegalArgumentException(
          "kv_connector_extra_config.backends is empty; name at least one backend such as UCX");
    }
    if (loadFailurePolicy.isPresent() && !POLICIES.contains(loadFailurePolicy.get())) {
      throw new IllegalArgumentException(
          "kv_load_failure_policy "
              + loadFailurePolicy.get()
              + " is not supported; use recompute or fail");
    }
  }

  /** Whether the connector is NixlConnector, the only one the emulator models. */
  public boolean isNixl() {
    return "NixlConnector".equals(connector);
  }

  /** Parses the JSON value of {@code --kv-transfer-config}. */
  public static KvTransferConfig parse(String json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "--kv-transfer-config is not valid JSON (" + e.getMessage().split("\n")[0] + ")");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("--kv-transfer-config must be a JSON object");
    }
    String connector = text(root, "kv_connector");
    String role = text(root, "kv_role");
    if (connector != null && role == null) {
      throw new IllegalArgumentException(
          "Please specify kv_role when kv_connector is set, supported roles are " + sorted(ROLES));
    }
    if (role != null && !ROLES.contains(role)) {
      throw new IllegalArgumentException(
          "Unsupported kv_role: " + role + ". Supported roles are " + sorted(ROLES));
    }
    String engineId = text(root, "engine_id");
    List<String> backends = new ArrayList<>();
    JsonNode extra = root.get("kv_connector_extra_config");
    JsonNode list = extra == null ? null : extra.get("backends");
    if (list != null && list.isArray()) {
      list.forEach(n -> backends.add(n.asText()));
    } else {
      backends.add("UCX");
    }
    return new KvTransferConfig(
        connector,
        role,
        engineId != null ? engineId : UUID.randomUUID().toString(),
        backends,
        Optional.ofNullable(text(root, "kv_load_failure_policy")));
  }

  private static List<String> sorted(Set<String> set) {
    return set.stream().sorted().toList();
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
