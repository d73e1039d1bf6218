package io.llmharness.server;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How vLLM is started on a node.
 *
 * @param executable the {@code vllm} executable (a name on the PATH, or a path)
 * @param version the vLLM version the command line is written for ({@code 0.11}, {@code 0.15}, …):
 *     decides the form of the long-context (YaRN) override
 * @param extraArgs more arguments appended to every server's command line
 * @param env more environment variables for every server
 * @param yarn the rope-scaling override used whenever max_model_len exceeds the model's native
 *     context
 */
public record VllmSettings(
    String executable,
    String version,
    List<String> extraArgs,
    Map<String, String> env,
    YarnScaling yarn) {

  /** vLLM from the PATH, written for 0.15 (the Phase 15 version), Qwen2.5's YaRN values. */
  public static final VllmSettings DEFAULT =
      new VllmSettings("vllm", "0.15", List.of(), Map.of(), YarnScaling.QWEN2_5);

  public VllmSettings {
    Objects.requireNonNull(executable, "executable");
    Objects.requireNonNull(version, "version");
    extraArgs = List.copyOf(extraArgs);
    env = Map.copyOf(env);
    Objects.requireNonNull(yarn, "yarn");
  }

  /** True for vLLM versions that still have {@code --rope-scaling} (0.11 and older). */
  public boolean hasRopeScalingFlag() {
    String[] parts = version.split("\\.");
    try {
      int major = Integer.parseInt(parts[0]);
      int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return major == 0 && minor <= 11;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "harness.vllm.version [" + version + "] must look like 0.15", e);
    }
  }

  /**
   * YaRN rope scaling: {@code factor} × {@code originalMaxPositionEmbeddings} tokens of context.
   *
   * @param factor the scaling factor (4 for Qwen2.5: 32768 → 131072)
   * @param originalMaxPositionEmbeddings the model's native context
   * @param ropeTheta the model's rope theta (1,000,000 for Qwen2.5), part of the 0.12+ override
   */
  public record YarnScaling(double factor, int originalMaxPositionEmbeddings, double ropeTheta) {
    /** Qwen2.5's values, from its model card. */
    public static final YarnScaling QWEN2_5 = new YarnScaling(4.0, 32768, 1_000_000);
  }
}
