package io.llmharness.preflight.internal;

import io.llmharness.preflight.BackgroundProcess;
import io.llmharness.preflight.CommandResult;
import io.llmharness.preflight.CommandRunner;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Tells whether a TCP port is listening on a node by reading {@code /proc/net/tcp} and {@code
 * /proc/net/tcp6} there (state {@code 0A} is LISTEN). Reading the tables, rather than connecting,
 * leaves the server untouched (an iperf3 server counts a probe connection as a client) and works in
 * any network namespace the node's commands run in.
 */
public final class ListeningPorts {

  static final List<String> COMMAND = List.of("cat", "/proc/net/tcp", "/proc/net/tcp6");
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
  private static final long FIRST_PAUSE_MILLIS = 20;
  private static final long MAX_PAUSE_MILLIS = 250;

  /** The server did not start listening. */
  public static final class NotListeningException extends Exception {
    private static final long serialVersionUID = 1L;

    NotListeningException(String message) {
      super(message);
    }
  }

  private ListeningPorts() {}

  /** True when the tables list {@code port} in state LISTEN on any local address. */
  public static boolean isListening(String procNetTcp, int port) {
    String hexPort = String.format(Locale.ROOT, "%04X", port);
    for (String line : procNetTcp.split("\\R")) {
      String[] fields = line.strip().split("\\s+");
      if (fields.length < 4 || !fields[0].endsWith(":")) {
        continue;
      }
      String local = fields[1];
      int colon = local.lastIndexOf(':');
      if (colon > 0
          && local.substring(colon + 1).equalsIgnoreCase(hexPort)
          && fields[3].equalsIgnoreCase("0A")) {
        return true;
      }
    }
    return false;
  }

  /** True when {@code port} is listening on {@code node} now. */
  public static boolean isListening(CommandRunner node, int port) {
    return isListening(node.run(COMMAND, PROBE_TIMEOUT).stdout(), port);
  }

  /**
   * Polls until {@code port} listens on {@code node}, with a deadline.
   *
   * @throws NotListeningException when the server exits first (with its output) or the deadline
   *     passes
   */
  public static void await(CommandRunner node, int port, BackgroundProcess server, Duration timeout)
      throws NotListeningException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = FIRST_PAUSE_MILLIS;
    while (true) {
      if (!server.isAlive()) {
        CommandResult ended = server.stop();
        throw new NotListeningException(
            "the server exited before listening on port " + port + ": " + ended.failureSummary());
      }
      CommandResult tables = node.run(COMMAND, PROBE_TIMEOUT);
      if (isListening(tables.stdout(), port)) {
        return;
      }
      if (tables.stdout().isBlank()) {
        throw new NotListeningException(
            "cannot read the TCP tables on " + node.name() + ": " + tables.failureSummary());
      }
      if (System.nanoTime() > deadline) {
        throw new NotListeningException(
            "'"
                + String.join(" ", server.command())
                + "' did not listen on port "
                + port
                + " within "
                + timeout.toMillis()
                + " ms");
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NotListeningException("interrupted while waiting for port " + port);
      }
      pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
    }
  }
}
