package io.llmharness.server;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How vLLM is started on a node.
 *
 * @param executable the {@code vllm} executable (a name on the PATH, or a path)
 * @param version the vLLM version the command line is written for ({@code 0.11}, {@code 0.15}, …):
 *     decides the form of the long-context (YaRN) override and of request logging
 * @param switches the Phase 15 servers' switches (seed-system.md §7.1), each of which can be turned
 *     off
 * @param extraArgs more arguments appended to every server's command line
 * @param env more environment variables for every server
 * @param yarn the rope-scaling override used whenever max_model_len exceeds the model's native
 *     context
 */
public record VllmSettings(
    String executable,
    String version,
    Switches switches,
    List<String> extraArgs,
    Map<String, String> env,
    YarnScaling yarn) {

  /** vLLM from the PATH, written for 0.15 (the Phase 15 version), Qwen2.5's YaRN values. */
  public static final VllmSettings DEFAULT =
      new VllmSettings("vllm", "0.15", Switches.PHASE15, List.of(), Map.of(), YarnScaling.QWEN2_5);

  public VllmSettings {
    Objects.requireNonNull(executable, "executable");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(switches, "switches");
    extraArgs = List.copyOf(extraArgs);
    env = Map.copyOf(env);
    Objects.requireNonNull(yarn, "yarn");
  }

  /** True for vLLM versions that still have {@code --rope-scaling} (0.11 and older). */
  public boolean hasRopeScalingFlag() {
    return minorVersion() <= 11;
  }

  /**
   * True for vLLM versions that log every request unless told not to ({@code
   * --disable-log-requests}): 0.10 and older. From 0.10.1 on (vLLM PR #21739) requests are logged
   * only with {@code --enable-log-requests}; {@code --disable-log-requests} was deprecated then and
   * later removed.
   */
  public boolean logsRequestsByDefault() {
    return minorVersion() <= 10;
  }

  /** The minor version of a 0.x version; a later major version counts as newer than any 0.x. */
  private int minorVersion() {
    String[] parts = version.split("\\.");
    try {
      int major = Integer.parseInt(parts[0]);
      int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return major == 0 ? minor : Integer.MAX_VALUE;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "harness.vllm.version [" + version + "] must look like 0.15", e);
    }
  }

  /**
   * The switches the Phase 15 servers ran with (seed-system.md §7.1).
   *
   * @param enforceEager {@code --enforce-eager}: no CUDA graphs, as the guide's numbers were
   *     measured (CUDA graphs change TPOT)
   * @param chunkedPrefill {@code --enable-chunked-prefill} (always on in vLLM V1; the flag states
   *     it)
   * @param trustRemoteCode {@code --trust-remote-code}
   * @param logRequests log every request: {@code --enable-log-requests} on 0.11 and later; off
   *     means {@code --disable-log-requests} on 0.10 and older, and nothing from 0.11 on, where
   *     requests are logged only when asked
   */
  public record Switches(
      boolean enforceEager, boolean chunkedPrefill, boolean trustRemoteCode, boolean logRequests) {
    /** As the Phase 15 servers ran: eager, chunked prefill, remote code trusted, no request log. */
    public static final Switches PHASE15 = new Switches(true, true, true, false);
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
