package io.llmharness.emulator.internal.fault;

import io.llmharness.emulator.internal.config.FaultConfig;
import java.util.OptionalInt;
import java.util.Random;

/** Decides, in arrival order, which faults hit each accepted completion request. */
public final class FaultInjector {
  private final FaultConfig config;
  private final Random random;
  private long accepted;

  public FaultInjector(FaultConfig config) {
    this.config = config;
    this.random = new Random(config.seed());
  }

  /**
   * Accepts one completion request and returns its plan. When {@code --fault-crash-after N} is set
   * and N requests were accepted before this one, the process halts here with exit code 1.
   */
  public synchronized FaultPlan accept() {
    if (config.crashAfter().isPresent() && accepted >= config.crashAfter().getAsInt()) {
      System.err.println(
          "FAULT --fault-crash-after "
              + config.crashAfter().getAsInt()
              + ": halting the process on completion request "
              + (accepted + 1));
      System.err.flush();
      Runtime.getRuntime().halt(1);
    }
    long ordinal = ++accepted;
    boolean error500 = config.errorRate() > 0 && random.nextDouble() < config.errorRate();
    boolean streamFault = ordinal % config.every() == 0;
    return new FaultPlan(
        ordinal,
        error500,
        streamFault ? config.stallAfter() : OptionalInt.empty(),
        streamFault ? config.dropAfter() : OptionalInt.empty(),
        streamFault ? config.errorEventAfter() : OptionalInt.empty());
  }
}
