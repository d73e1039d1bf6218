package io.llmharness.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Commands that run a Java main class of ours (the emulator, the proxy) in a new JVM, with this
 * JVM's {@code java} and a classpath that contains the class.
 */
public final class JavaCommand {
  /** The emulator's main class; it accepts {@code vllm serve}'s arguments. */
  public static final String EMULATOR_MAIN = "io.llmharness.emulator.EmulatorMain";

  /** The proxy's main class. */
  public static final String PROXY_MAIN = "io.llmharness.proxy.ProxyMain";

  /**
   * The emulator's and the proxy's flag with which they exit when the process that started them is
   * gone, even SIGKILLed: given to those this JVM starts, so none outlives it.
   */
  public static final String EXIT_WITH_PARENT = "--exit-with-parent";

  private JavaCommand() {}

  /**
   * {@code java -cp <classpath> <mainClass>}. The classpath is the system property {@code
   * harness.java.classpath} when set, else this JVM's own (which contains the emulator and the
   * proxy whenever they are dependencies, as in the test suites).
   */
  public static ServerCommand forMain(String mainClass) {
    return forMain(mainClass, Optional.empty());
  }

  /**
   * {@code java -cp <classpath> <mainClass>} with the given classpath, else that of {@link
   * #forMain(String)}.
   */
  public static ServerCommand forMain(String mainClass, Optional<String> classpath) {
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.add("-cp");
    argv.add(
        classpath.orElseGet(
            () ->
                System.getProperty(
                    "harness.java.classpath", System.getProperty("java.class.path"))));
    argv.add(mainClass);
    return new ServerCommand(argv, Map.of());
  }
}
