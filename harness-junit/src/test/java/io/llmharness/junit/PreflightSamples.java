package io.llmharness.junit;

import org.junit.jupiter.api.Test;

/** Test classes that the precondition tests run through the JUnit engine test kit. */
final class PreflightSamples {

  private PreflightSamples() {}

  @RequiresGpuDirect
  static class NeedsGpuDirect {
    @Test
    void transfersKvThroughGpuDirect() {}
  }

  static class NeedsGpuDirectOnOneMethod {
    @Test
    @RequiresGpuDirect
    void needsIt() {}

    @Test
    void doesNotNeedIt() {}
  }

  static class FailsWithoutGpuDirect {
    @Test
    @RequiresGpuDirect(onUnmet = OnUnmet.FAIL)
    void needsIt() {}
  }

  static class SkipsWithoutGpuDirectEvenWhenConfiguredToFail {
    @Test
    @RequiresGpuDirect(onUnmet = OnUnmet.SKIP)
    void needsIt() {}
  }

  static class AcceptsUnsupportedGpuDirect {
    @Test
    @RequiresGpuDirect(minimum = io.llmharness.preflight.GpuDirectStatus.UNSUPPORTED)
    void runsAnyway() {}
  }

  static class NeedsEfaBandwidth {
    @Test
    @RequiresBandwidth(minRatio = 3)
    void first() {}

    @Test
    @RequiresBandwidth(minRatio = 3)
    void second() {}
  }

  static class NeedsAnyMeasuredBandwidth {
    @Test
    @RequiresBandwidth(minRdmaGbps = 0.001, minTcpGbps = 0.001)
    void runs() {}
  }

  static class NeedsAnImpossibleRatio {
    @Test
    @RequiresBandwidth(minRatio = 1000)
    void neverRuns() {}
  }
}
