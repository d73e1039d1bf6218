package io.llmharness.emulator;

import io.llmharness.emulator.internal.config.ServeArgs;
import io.llmharness.emulator.internal.config.ServeArgsParser;
import io.llmharness.emulator.internal.runtime.EmulatorRuntime;
import java.io.PrintStream;

/**
 * An emulator running in this JVM. Takes the same arguments as {@link EmulatorMain}; {@code --port
 * 0} picks a free port.
 *
 * <pre>{@code
 * try (Emulator emulator = Emulator.start("--port", "0", "--host", "127.0.0.1")) {
 *   URI base = URI.create("http://127.0.0.1:" + emulator.port());
 *   ...
 * }
 * }</pre>
 */
public final class Emulator implements AutoCloseable {

  private final EmulatorRuntime runtime;

  private Emulator(EmulatorRuntime runtime) {
    this.runtime = runtime;
  }

  /**
   * Starts an emulator and returns once it serves (after any {@code --startup-delay}).
   *
   * @throws IllegalArgumentException when an argument or the configuration is invalid
   */
  public static Emulator start(String... args) throws InterruptedException {
    return start(System.out, args);
  }

  /** Starts an emulator that writes its log lines to {@code log}. */
  public static Emulator start(PrintStream log, String... args) throws InterruptedException {
    ServeArgs parsed = ServeArgsParser.parse(args);
    return new Emulator(EmulatorRuntime.start(parsed, System.getenv(), log));
  }

  /** The HTTP port it listens on. */
  public int port() {
    return runtime.port();
  }

  /** Stops serving and frees its threads and sockets. */
  public void stop() {
    runtime.close();
  }

  @Override
  public void close() {
    stop();
  }
}
