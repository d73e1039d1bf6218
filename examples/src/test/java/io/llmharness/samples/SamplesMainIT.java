package io.llmharness.samples;

import org.junit.jupiter.api.Test;

/**
 * Runs the {@code main} of every main-style sample (like commons-statistics' {@code
 * UserGuideTest}), so that a sample that stops compiling or running fails the build. Each main
 * checks its own lesson and throws when it does not hold.
 */
class SamplesMainIT {
  private static final String[] NO_ARGS = {};

  @Test
  void sample03ConcurrencyVersusRate() {
    HarnessSample_03_ConcurrencyVersusRate.main(NO_ARGS);
  }

  @Test
  void sample05TokenExactPrompts() {
    HarnessSample_05_TokenExactPrompts.main(NO_ARGS);
  }

  @Test
  void sample06OptionLayering() throws Exception {
    HarnessSample_06_OptionLayering.main(NO_ARGS);
  }

  @Test
  void sample13ExternalServers() {
    HarnessSample_13_ExternalServers.main(NO_ARGS);
  }

  @Test
  void sample14ProgrammaticRunner() throws Exception {
    HarnessSample_14_ProgrammaticRunner.main(NO_ARGS);
  }

  @Test
  void sample15Slurm() {
    HarnessSample_15_Slurm.main(NO_ARGS);
  }
}
