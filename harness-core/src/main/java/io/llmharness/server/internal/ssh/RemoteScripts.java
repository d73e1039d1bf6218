package io.llmharness.server.internal.ssh;

import static io.llmharness.server.ServerCommand.quote;

import io.llmharness.server.ServerCommand;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The POSIX shell scripts run on a node to start, watch, stream and stop a detached process. Each
 * is returned as a command line for the remote user's login shell ({@code sh -c '<script>'}).
 *
 * <p>A process runs as {@code setsid sh -c <wrapper> <argv>}: the wrapper shell leads a new session
 * (so its id is the process group and session id of everything the command starts), writes its pid,
 * ignores SIGHUP like {@code nohup}, waits for the command through SIGTERM and writes the command's
 * exit code. Liveness is read from {@code /proc/<pid>/stat} (zombies count as dead, since a
 * container's init may never reap them).
 */
final class RemoteScripts {
  /** Exit code of the start script when the executable is missing, as a shell reports it. */
  static final int NOT_FOUND = 127;

  /** Exit code of the start script when the executable exists but cannot be executed. */
  static final int NOT_EXECUTABLE = 126;

  /** Exit code of the start script when a tool it needs is missing on the node. */
  static final int MISSING_TOOL = 71;

  /** The first line an {@link #attached} command writes on stderr, before its session id. */
  static final String SESSION_MARK = "llmharness-session";

  /** The tools the scripts need besides a POSIX shell. */
  static final String TOOLS = "setsid tail mkdir cat mv sleep";

  /** {@code alive PID}: true while PID runs (not a zombie) and leads its own session. */
  private static final String ALIVE =
      "alive() { p=$1; { read -r s < /proc/$p/stat; } 2>/dev/null || return 1; s=${s##*) };"
          + " set -- $s; [ \"$1\" != Z ] && [ \"$4\" = \"$p\" ]; }\n";

  /** {@code members}: sets {@code m} to the live processes of session {@code $sid}. */
  private static final String MEMBERS =
      "members() { m=; for d in /proc/[0-9]*; do { read -r s < \"$d/stat\"; } 2>/dev/null"
          + " || continue; s=${s##*) }; set -- $s; if [ \"$4\" = \"$sid\" ] && [ \"$1\" != Z ];"
          + " then m=\"$m ${d#/proc/}\"; fi; done; }\n";

  private static final String WRAPPER =
      "echo $$ > \"$P.tmp\" && mv \"$P.tmp\" \"$P\"\n"
          + "trap '' HUP\n"
          + "trap : TERM INT\n"
          + "\"$@\"\n"
          + "c=$?\n"
          + "echo $c > \"$E.tmp\" && mv \"$E.tmp\" \"$E\"\n";

  private RemoteScripts() {}

  /**
   * Checks the tools and the working directory; prints nothing and exits 0 when the node is fit,
   * else prints the problem on stderr.
   */
  static String check(String dir) {
    return shell(
        "for t in "
            + TOOLS
            + "; do command -v $t >/dev/null 2>&1 || { echo \"$t is missing on this node\" >&2;"
            + " exit "
            + MISSING_TOOL
            + "; }; done\n"
            + "mkdir -p "
            + quote(dir)
            + " && [ -w "
            + quote(dir)
            + " ] || { echo \"the directory is not writable\" >&2; exit 73; }\n");
  }

  /**
   * Checks that {@code executable} can be run with the command's environment: exit 0, or {@link
   * #NOT_FOUND} / {@link #NOT_EXECUTABLE} with the reason on stderr.
   */
  static String checkExecutable(ServerCommand command) {
    return shell(exports(command.env()) + executableCheck(command.argv().get(0)));
  }

  /**
   * Starts the command detached and prints the wrapper's pid (the session and process-group id)
   * once it runs.
   */
  static String start(RemoteFiles f, ServerCommand command) {
    StringBuilder argv = new StringBuilder();
    for (String word : command.argv()) {
      argv.append(' ').append(quote(word));
    }
    return shell(
        "P="
            + quote(f.pid())
            + "; E="
            + quote(f.exit())
            + "; export P E\n"
            + "mkdir -p "
            + quote(f.dir())
            + " || exit 73\n"
            + "for t in setsid mv; do command -v $t >/dev/null 2>&1 || { echo \"$t is missing on"
            + " this node\" >&2; exit "
            + MISSING_TOOL
            + "; }; done\n"
            + exports(command.env())
            + executableCheck(command.argv().get(0))
            + "cd "
            + quote(f.dir())
            + " || exit 73\n"
            + "setsid sh -c "
            + quote(WRAPPER)
            + " "
            + quote("llmharness-" + f.id())
            + argv
            + " </dev/null >>"
            + quote(f.log())
            + " 2>&1 &\n"
            + "n=0; while [ ! -s \"$P\" ]; do n=$((n+1)); if [ $n -gt 400 ]; then echo \"the"
            + " wrapper did not start within 20 s\" >&2; exit 74; fi; sleep 0.05; done\n"
            + "cat \"$P\"\n");
  }

  /**
   * Runs the command attached to the channel (its stdout and stderr are the channel's) but in a
   * session of its own, whose id it prints first on stderr as {@code <SESSION_MARK> <id>}; its exit
   * code is the channel's. A missing program exits 127.
   */
  static String attached(List<String> argv) {
    StringBuilder words = new StringBuilder();
    for (String word : argv) {
      words.append(' ').append(quote(word));
    }
    return "exec setsid -w sh -c "
        + quote("echo \"" + SESSION_MARK + " $$\" >&2; exec \"$@\"")
        + " sh"
        + words;
  }

  /** Prints {@code running}, {@code exited <code>} or {@code vanished}. */
  static String status(RemoteFiles f, long pid) {
    return shell(
        ALIVE
            + "if alive "
            + pid
            + "; then echo running; elif [ -f "
            + quote(f.exit())
            + " ]; then echo \"exited $(cat "
            + quote(f.exit())
            + ")\"; else echo vanished; fi\n");
  }

  /**
   * SIGTERM to every live process of the session, SIGKILL to those left after {@code grace}; prints
   * {@code gone}, {@code terminated}, {@code killed}, or {@code survivors <pids>} (exit 1).
   */
  static String stop(long sid, Duration grace) {
    long steps = Math.max(1, grace.toMillis() / 100);
    return shell(
        MEMBERS
            + "sid="
            + sid
            + "\n"
            + "members; [ -z \"$m\" ] && { echo gone; exit 0; }\n"
            + "kill -TERM $m 2>/dev/null\n"
            + "n=0; while [ $n -lt "
            + steps
            + " ]; do members; [ -z \"$m\" ] && { echo terminated; exit 0; }; sleep 0.1;"
            + " n=$((n+1)); done\n"
            + "n=0; while [ $n -lt 50 ]; do members; [ -z \"$m\" ] && { echo killed; exit 0; };"
            + " kill -KILL $m 2>/dev/null; sleep 0.1; n=$((n+1)); done\n"
            + "echo \"survivors$m\"; exit 1\n");
  }

  /**
   * Follows the log from byte {@code offset} (0-based) on stdout until the process {@code pid}
   * ends; prints {@code <script pid> <tail pid>} on stderr first, for {@link #killStream}.
   */
  static String stream(RemoteFiles f, long pid, long offset) {
    return shell(
        ALIVE
            + "tail -c +"
            + (offset + 1)
            + " -F "
            + quote(f.log())
            + " 2>/dev/null &\n"
            + "t=$!\n"
            + "echo \"$$ $t\" >&2\n"
            + "while alive "
            + pid
            + "; do sleep 0.5; done\n"
            + "kill $t 2>/dev/null\n"
            + "wait $t 2>/dev/null\n"
            + "exit 0\n");
  }

  /** The log from byte {@code offset} (0-based) to its current end. */
  static String catchUp(RemoteFiles f, long offset) {
    return shell("tail -c +" + (offset + 1) + " " + quote(f.log()) + " 2>/dev/null; exit 0\n");
  }

  /** Stops a {@link #stream} script and its tail. */
  static String killStream(String pids) {
    return shell("kill " + pids + " 2>/dev/null; exit 0\n");
  }

  private static String exports(Map<String, String> env) {
    return env.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> "export " + e.getKey() + "=" + quote(e.getValue()) + "\n")
        .collect(Collectors.joining());
  }

  private static String executableCheck(String executable) {
    return "x=$(command -v "
        + quote(executable)
        + ") || { echo \"not found (PATH=$PATH)\" >&2; exit "
        + NOT_FOUND
        + "; }\n"
        + "case $x in /*) if [ -d \"$x\" ] || [ ! -x \"$x\" ]; then echo \"not an executable"
        + " file\" >&2; exit "
        + NOT_EXECUTABLE
        + "; fi;; esac\n";
  }

  private static String shell(String script) {
    return "sh -c " + quote(script);
  }
}
