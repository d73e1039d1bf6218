package io.llmharness.server.internal.slurm;

import io.llmharness.server.ServerCommand;
import io.llmharness.server.slurm.SlurmSettings;
import java.util.Map;
import java.util.TreeMap;

/**
 * The batch script of one server job. It records the job, its node and the GPUs Slurm gave it
 * ({@code CUDA_VISIBLE_DEVICES}) at the top of the job's log, finds the node's own address the way
 * the launcher does ({@code scontrol show node} → {@code NodeAddr}, else the first address of
 * {@code hostname -I}), sets every environment value that is {@link SlurmSettings#ANY_ADDRESS} (the
 * NIXL side-channel host) to it, and then replaces itself with the server, so that cancelling the
 * job signals the server directly.
 */
public final class JobScript {
  /** The prefix of the lines the script writes to the job's log. */
  public static final String MARK = "# llmharness:";

  private JobScript() {}

  /** The script that runs {@code command}. */
  public static String render(ServerCommand command) {
    StringBuilder s = new StringBuilder();
    s.append("#!/bin/bash\n");
    s.append("node=\"${SLURMD_NODENAME:-$(hostname -s)}\"\n");
    s.append("echo \"")
        .append(MARK)
        .append(" Slurm job ${SLURM_JOB_ID} on ${node},")
        .append(" CUDA_VISIBLE_DEVICES=${CUDA_VISIBLE_DEVICES-unset}\"\n");
    s.append(
        "node_addr=$(scontrol show node \"$node\" 2>/dev/null"
            + " | sed -n 's/.*NodeAddr=\\([^ ]*\\).*/\\1/p' | head -n 1)\n");
    s.append("if [ -z \"$node_addr\" ]; then")
        .append(" node_addr=$(hostname -I 2>/dev/null | awk '{print $1}'); fi\n");
    s.append("echo \"").append(MARK).append(" node address ${node_addr}\"\n");
    for (Map.Entry<String, String> e : new TreeMap<>(command.env()).entrySet()) {
      if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException(
            "environment variable name [" + e.getKey() + "] cannot be exported by a batch script");
      }
      String value =
          e.getValue().equals(SlurmSettings.ANY_ADDRESS)
              ? "\"$node_addr\""
              : ServerCommand.quote(e.getValue());
      s.append("export ").append(e.getKey()).append('=').append(value).append('\n');
    }
    s.append("exec");
    for (String word : command.argv()) {
      s.append(' ').append(ServerCommand.quote(word));
    }
    s.append('\n');
    return s.toString();
  }
}
