package io.llmharness.server.ssh;

import io.llmharness.server.ServerProcess;

/**
 * A server process running detached on another node. Its output is streamed back to the local
 * {@link #log()} while it runs.
 */
public interface RemoteServerProcess extends ServerProcess {
  /** The node it runs on, {@code user@host:port}. */
  String node();

  /**
   * Its process id on the node, which is also the session and process-group id of everything it
   * started there ({@code kill -- -<id>} on the node stops all of it).
   */
  long remotePid();

  /** Its log file on the node. */
  String remoteLog();
}
