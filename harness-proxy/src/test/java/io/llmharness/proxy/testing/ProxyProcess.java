package io.llmharness.proxy.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The proxy as the harness starts it: {@code java -cp <classpath> io.llmharness.proxy.ProxyMain
 * --prefill <url> --decode <url> --host 127.0.0.1 --port <free> [flags]}.
 */
public final class ProxyProcess implements AutoCloseable {

  /** JVM options for tests: quick start, small heap. */
  private static final List<String> TEST_JVM =
      List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private final JavaProcess process;
  private final int port;

  private ProxyProcess(JavaProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the proxy in front of {@code prefill} and {@code decode} URLs, with extra flags. */
  public static ProxyProcess start(String prefill, String decode, String... flags) {
    List<String> args = new ArrayList<>(List.of("--prefill", prefill, "--decode", decode));
    args.addAll(List.of(flags));
    return startWith(args);
  }

  /** Starts the proxy with exactly these arguments plus {@code --host} and {@code --port}. */
  public static ProxyProcess startWith(List<String> arguments) {
    return startWith(TEST_JVM, arguments);
  }

  /** Like {@link #startWith(List)}, with the given JVM options. */
  public static ProxyProcess startWith(List<String> jvmArgs, List<String> arguments) {
    return startWith(
        arguments,
        args ->
            JavaProcess.start("proxy", "io.llmharness.proxy.ProxyMain", jvmArgs, args, Map.of()));
  }

  /**
   * Starts {@code java -jar jar arguments --host 127.0.0.1 --port <free>} (the shaded jar) and
   * waits until it listens.
   */
  public static ProxyProcess startJar(Path jar, List<String> arguments) {
    return startWith(arguments, args -> JavaProcess.startJar("proxy", jar, TEST_JVM, args));
  }

  private static ProxyProcess startWith(
      List<String> arguments, Function<List<String>, JavaProcess> launcher) {
    int port = JavaProcess.freePort();
    List<String> args = new ArrayList<>(arguments);
    args.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port)));
    JavaProcess p = launcher.apply(args);
    try {
      p.awaitListening(port, Duration.ofSeconds(60));
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
    return new ProxyProcess(p, port);
  }

  /** Starts {@code ProxyMain} with exactly {@code args}, without waiting. */
  public static JavaProcess launch(List<String> args) {
    return JavaProcess.start("proxy", "io.llmharness.proxy.ProxyMain", TEST_JVM, args, Map.of());
  }

  /** The process id. */
  public long pid() {
    return process.pid();
  }

  public int port() {
    return port;
  }

  /**
   * Polls {@code GET /health} until it answers 200 (every prefill and decode server healthy),
   * failing with the proxy's output past the deadline.
   */
  public void awaitHealthy(Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    int last = -1;
    while (System.nanoTime() < end) {
      last = RawHttp.get(port, "/health").status();
      if (last == 200) {
        return;
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    throw new IllegalStateException(
        "the proxy's /health answered " + last + ", not 200, in time:\n" + output());
  }

  /** The value of a series of the proxy's own {@code /metrics} (0 when absent). */
  public double metric(String series) {
    return Prometheus.value(RawHttp.get(port, "/metrics").text(), series);
  }

  public String output() {
    return process.output();
  }

  @Override
  public void close() {
    process.close();
  }
}
