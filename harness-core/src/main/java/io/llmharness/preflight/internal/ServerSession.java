package io.llmharness.preflight.internal;

import io.llmharness.preflight.BackgroundProcess;
import io.llmharness.preflight.CommandResult;
import io.llmharness.preflight.CommandRunner;
import java.time.Duration;
import java.util.List;

/**
 * A tool server for one measurement: refuses a port already in use, starts the server, waits until
 * it listens, and on close lets it finish briefly before stopping it (and its children) for good.
 */
final class ServerSession implements AutoCloseable {

  private static final Duration FINISH_GRACE = Duration.ofSeconds(5);

  private final BackgroundProcess process;
  private CommandResult ended;

  private ServerSession(BackgroundProcess process) {
    this.process = process;
  }

  /**
   * Starts {@code command} on {@code node} and waits until {@code port} listens.
   *
   * @throws ListeningPorts.NotListeningException when the port is taken, or the server does not
   *     listen in time (the server is stopped)
   */
  static ServerSession start(CommandRunner node, List<String> command, int port, Duration timeout)
      throws ListeningPorts.NotListeningException {
    if (ListeningPorts.isListening(node, port)) {
      throw new ListeningPorts.NotListeningException(
          "port " + port + " is already in use on " + node.name() + "; choose another port");
    }
    BackgroundProcess process = node.start(command);
    try {
      ListeningPorts.await(node, port, process, timeout);
    } catch (ListeningPorts.NotListeningException | RuntimeException e) {
      process.stop();
      throw e;
    }
    return new ServerSession(process);
  }

  /** Lets the server exit by itself for a moment, then stops it; returns how it ended. */
  CommandResult finish() {
    if (ended == null) {
      ended = process.awaitExit(FINISH_GRACE);
    }
    return ended;
  }

  /** The server's output, stdout then stderr. */
  String output() {
    CommandResult r = finish();
    return r.stderr().isBlank() ? r.stdout() : r.stdout() + r.stderr();
  }

  @Override
  public void close() {
    process.stop();
  }
}
