package io.llmharness.emulator;

import io.llmharness.emulator.internal.config.ServeArgs;
import io.llmharness.emulator.internal.config.ServeArgsParser;
import io.llmharness.emulator.internal.runtime.EmulatorRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The emulator's command line, shaped like {@code vllm serve}: {@code EmulatorMain serve MODEL
 * [flags]} or {@code EmulatorMain --model MODEL [flags]}. See the module README for every flag.
 * Exits with status 2 on a bad argument and 1 on a bad configuration, like vLLM's CLI. With {@value
 * #EXIT_WITH_PARENT} it also exits when the process that started it is gone.
 */
public final class EmulatorMain {

  /** The flag with which the emulator exits when the process that started it is gone. */
  public static final String EXIT_WITH_PARENT = "--exit-with-parent";

  private EmulatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    List<String> rest = new ArrayList<>(List.of(args));
    if (rest.remove(EXIT_WITH_PARENT)) {
      // Even when the parent is SIGKILLed: no orphan emulator outlives the harness that started it.
      ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> System.exit(0)));
    }
    ServeArgs parsed;
    try {
      parsed = ServeArgsParser.parse(rest.toArray(String[]::new));
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
