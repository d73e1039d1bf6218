package io.llmharness.server;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A process to start: its argument vector and the environment variables to add to the launcher's
 * environment. Immutable.
 *
 * @param argv the executable and its arguments
 * @param env variables set for the process (added to, or replacing, the inherited ones)
 */
public record ServerCommand(List<String> argv, Map<String, String> env) {
  public ServerCommand {
    argv = List.copyOf(argv);
    env = Map.copyOf(env);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least an executable");
    }
  }

  /** The same command with more arguments appended. */
  public ServerCommand withArgs(List<String> more) {
    List<String> all = new java.util.ArrayList<>(argv);
    all.addAll(more);
    return new ServerCommand(all, env);
  }

  /** The same command with more environment variables (later ones win). */
  public ServerCommand withEnv(Map<String, String> more) {
    Map<String, String> all = new java.util.LinkedHashMap<>(env);
    all.putAll(more);
    return new ServerCommand(argv, all);
  }

  /** A shell-like rendering for logs and error messages (single-quoted where needed). */
  public String render() {
    StringBuilder sb = new StringBuilder();
    env.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> sb.append(e.getKey()).append('=').append(quote(e.getValue())).append(' '));
    for (int i = 0; i < argv.size(); i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(quote(argv.get(i)));
    }
    return sb.toString();
  }

  /** Quotes one word for a POSIX shell when it needs it. */
  public static String quote(String word) {
    Objects.requireNonNull(word, "word");
    if (!word.isEmpty() && word.matches("[A-Za-z0-9_@%+=:,./-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\"'\"'") + "'";
  }
}
