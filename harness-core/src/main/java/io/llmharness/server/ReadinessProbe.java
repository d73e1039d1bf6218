package io.llmharness.server;

import io.llmharness.client.InferenceClient;
import io.llmharness.client.ServerException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits until a server is ready the way vLLM becomes ready: the port accepts connections (vLLM
 * refuses them while it loads), {@code /health} answers 200, and {@code /v1/models} answers. Fails
 * fast, with the end of the log, when the process dies while loading.
 */
public final class ReadinessProbe {
  /** How many log lines an error message carries. */
  public static final int LOG_LINES = 40;

  private static final Duration POLL = Duration.ofMillis(200);

  private ReadinessProbe() {}

  /**
   * Blocks until the server at {@code url} is ready.
   *
   * @param process the server's process, checked on every poll; null for servers we did not start
   * @throws LaunchException when the process exits or the deadline passes
   */
  public static void await(ServerProcess process, URI url, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (InferenceClient client = new InferenceClient(url)) {
      while (true) {
        if (process != null && !process.isAlive()) {
          throw new LaunchException(
              process.name()
                  + " "
                  + process.exitDescription()
                  + " before it was ready; "
                  + process.logTail());
        }
        if (accepts(url) && client.healthy() && modelsAnswer(client)) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new LaunchException(
              (process == null ? url.toString() : process.name())
                  + " did not become ready at "
                  + url
                  + " within "
                  + timeout.toSeconds()
                  + " s"
                  + (process == null ? "." : "; " + process.logTail()));
        }
        LockSupport.parkNanos(POLL.toNanos());
      }
    }
  }

  private static boolean accepts(URI url) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(url.getHost(), url.getPort()), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean modelsAnswer(InferenceClient client) {
    try {
      client.models();
      return true;
    } catch (ServerException e) {
      return false;
    }
  }
}
