package io.llmharness.emulator.internal.config;

/** The vLLM release whose version-dependent wire behaviour the emulator reproduces. */
public enum CompatVersion {
  V0_15("0.15", "0.15.1"),
  V0_16("0.16", "0.16.0");

  private final String flagValue;
  private final String release;

  CompatVersion(String flagValue, String release) {
    this.flagValue = flagValue;
    this.release = release;
  }

  /** The version string {@code GET /version} returns: a PEP 440 local version naming us. */
  public String versionString() {
    return release + "+llmharness.emulator";
  }

  /** Parses a {@code --vllm-compat} value. */
  public static CompatVersion parse(String value) {
    for (CompatVersion v : values()) {
      if (v.flagValue.equals(value) || v.release.equals(value)) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "--vllm-compat " + value + " is not supported; use 0.15 or 0.16");
  }

  /** Whether this version uses the Renderer's context-length wording (0.16). */
  public boolean rendererMessages() {
    return this == V0_16;
  }

  /** Default {@code kv_load_failure_policy} of this version. */
  public String defaultKvLoadFailurePolicy() {
    return this == V0_16 ? "fail" : "recompute";
  }
}
