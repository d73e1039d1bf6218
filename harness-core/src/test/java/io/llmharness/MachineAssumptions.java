package io.llmharness;

import java.util.function.Supplier;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Assumptions about the machine a test needs (root, network namespaces, an sshd): unmet, they skip
 * the test with the reason on a developer's machine, and fail it on CI, where {@code .ci/run}
 * installs everything and exports {@value #CI_VARIABLE}{@code =1}: a skip there would hide a broken
 * setup behind a green build.
 */
public final class MachineAssumptions {

  /** The environment variable {@code .ci/run} sets. */
  public static final String CI_VARIABLE = "LLMHARNESS_CI";

  private MachineAssumptions() {}

  /** Skips (or on CI fails) the calling test with {@code reason} unless {@code condition}. */
  public static void assumeTrue(boolean condition, String reason) {
    assumeTrue(condition, () -> reason);
  }

  /** Skips (or on CI fails) the calling test with {@code reason} unless {@code condition}. */
  public static void assumeTrue(boolean condition, Supplier<String> reason) {
    assumeTrue(condition, reason, onCi());
  }

  static void assumeTrue(boolean condition, Supplier<String> reason, boolean onCi) {
    if (condition) {
      return;
    }
    if (onCi) {
      throw new AssertionFailedError(
          reason.get() + " (" + CI_VARIABLE + " is set: CI provides this, so the test must run)");
    }
    throw new TestAbortedException(reason.get());
  }

  /** True when {@value #CI_VARIABLE} is set to anything but empty, {@code 0} or {@code false}. */
  static boolean onCi() {
    String v = System.getenv(CI_VARIABLE);
    return v != null && !v.isBlank() && !v.equals("0") && !v.equalsIgnoreCase("false");
  }
}
