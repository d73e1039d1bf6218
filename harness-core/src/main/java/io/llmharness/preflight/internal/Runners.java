package io.llmharness.preflight.internal;

import io.llmharness.preflight.CommandRunner;
import io.llmharness.server.ssh.SshNode;
import io.llmharness.server.ssh.SshSettings;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Factories and the parser behind {@link CommandRunner#parse(String, Function)}. */
public final class Runners {

  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_.-]+");

  private Runners() {}

  public static CommandRunner local(String address) {
    return new LocalRunner("local", requireAddress(address, "local"), List.of());
  }

  public static CommandRunner networkNamespace(String namespace, String address) {
    if (!NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException(
          "network namespace name '" + namespace + "' is invalid; use letters, digits, _ . -");
    }
    return new LocalRunner(
        "netns:" + namespace,
        requireAddress(address, "netns:" + namespace),
        List.of("ip", "netns", "exec", namespace));
  }

  public static CommandRunner parse(String spec, Function<String, Optional<String>> config) {
    String s = spec == null ? "" : spec.strip();
    if (s.equals("local")) {
      return local("127.0.0.1");
    }
    if (s.startsWith("local@")) {
      return local(s.substring("local@".length()));
    }
    if (s.startsWith("netns:")) {
      String rest = s.substring("netns:".length());
      int at = rest.indexOf('@');
      if (at > 0) {
        return networkNamespace(rest.substring(0, at), rest.substring(at + 1));
      }
    }
    if (s.startsWith("ssh:") && s.length() > "ssh:".length()) {
      return new SshNode(SshSettings.fromConfig(s.substring("ssh:".length()), config));
    }
    throw new IllegalArgumentException(
        "node specification '"
            + spec
            + "' is not understood; use local, local@<address>, netns:<namespace>@<address> or"
            + " ssh:[<user>@]<host>[:<port>]");
  }

  private static String requireAddress(String address, String node) {
    if (address == null || address.isBlank() || address.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "address '" + address + "' of node " + node + " is empty or contains spaces; give an IP");
    }
    return address;
  }
}
