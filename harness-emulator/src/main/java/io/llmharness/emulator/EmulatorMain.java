package io.llmharness.emulator;

import io.llmharness.emulator.internal.config.ServeArgs;
import io.llmharness.emulator.internal.config.ServeArgsParser;
import io.llmharness.emulator.internal.runtime.EmulatorRuntime;
import java.util.concurrent.CountDownLatch;

/**
 * The emulator's command line, shaped like {@code vllm serve}: {@code EmulatorMain serve MODEL
 * [flags]} or {@code EmulatorMain --model MODEL [flags]}. See the module README for every flag.
 * Exits with status 2 on a bad argument and 1 on a bad configuration, like vLLM's CLI.
 */
public final class EmulatorMain {

  private EmulatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    ServeArgs parsed;
    try {
      parsed = ServeArgsParser.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      return;
    }
    EmulatorRuntime runtime;
    try {
      runtime = EmulatorRuntime.start(parsed, System.getenv(), System.out);
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("ERROR " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  runtime.close();
                  stopped.countDown();
                },
                "emulator-shutdown"));
    stopped.await();
  }
}
