package io.llmharness.proxy;

import io.llmharness.proxy.internal.cli.ProxyArgs;
import io.llmharness.proxy.internal.cli.UsageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * The proxy as a process: {@code java -cp <classpath> io.llmharness.proxy.ProxyMain --prefill URL
 * --decode URL [--host 127.0.0.1] [--port 8000] [flags]}. A bad flag prints one line and exits with
 * code 2; {@code --help} lists the flags. It runs until killed (SIGTERM stops it cleanly), or with
 * {@value #EXIT_WITH_PARENT} until the process that started it is gone.
 *
 * @since 0.1.0
 */
public final class ProxyMain {

  /** Exit code of a bad command line. */
  public static final int USAGE_ERROR = 2;

  /** Exit code when the proxy cannot start (address in use, …). */
  public static final int START_ERROR = 1;

  /** The flag with which the proxy exits when the process that started it is gone. */
  public static final String EXIT_WITH_PARENT = "--exit-with-parent";

  private ProxyMain() {}

  public static void main(String[] argv) {
    List<String> args = new ArrayList<>(Arrays.asList(argv));
    if (args.remove(EXIT_WITH_PARENT)) {
      // Even when the parent is SIGKILLed: no orphan proxy outlives the harness that started it.
      ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> System.exit(0)));
    }
    if (ProxyArgs.wantsHelp(args)) {
      System.out.print(ProxyArgs.USAGE);
      return;
    }
    ProxyConfig config;
    try {
      config = ProxyArgs.parse(args);
    } catch (UsageException e) {
      System.err.println("harness-proxy: " + e.getMessage());
      System.exit(USAGE_ERROR);
      return;
    }
    ProxyServer server;
    try {
      server = ProxyServer.start(config, System.out);
    } catch (IllegalStateException e) {
      System.err.println("harness-proxy: " + e.getMessage());
      System.exit(START_ERROR);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "harness-proxy-shutdown"));
    System.out.println(
        "harness-proxy listening on "
            + server.uri()
            + " (prefill: "
            + join(config.prefill())
            + "; decode: "
            + join(config.decode())
            + ")");
    System.out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String join(List<?> items) {
    return items.stream().map(Object::toString).collect(Collectors.joining(", "));
  }
}
