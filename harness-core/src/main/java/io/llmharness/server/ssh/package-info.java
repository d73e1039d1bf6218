/**
 * Starting servers on other nodes over SSH: {@link io.llmharness.server.ssh.SshSettings} (how to
 * reach a node, {@code harness.ssh.*}), {@link io.llmharness.server.ssh.SshNode} (one shared,
 * self-healing connection; short commands), {@link io.llmharness.server.ssh.SshLauncher} (detached
 * servers with streamed logs, stopped with their whole process group).
 */
package io.llmharness.server.ssh;
