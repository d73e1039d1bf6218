package io.llmharness.server.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to reach one node over SSH. Host keys are verified against {@code knownHosts} unless {@code
 * acceptUnknownHosts} is set; a changed host key is always refused.
 *
 * @param host the node's address or host name
 * @param port the SSH port
 * @param user the remote user
 * @param privateKey the private key file used to authenticate
 * @param passphrase the private key's passphrase, when it is encrypted
 * @param knownHosts the OpenSSH {@code known_hosts} file that holds the node's host key
 * @param acceptUnknownHosts trust a node whose host key is not in {@code knownHosts} (never a node
 *     whose key changed)
 * @param connectTimeout how long to wait for the TCP connection and the SSH handshake
 * @param remoteDir the directory on the node for logs and bookkeeping files; absent means {@code
 *     /tmp/llmharness-<user>}
 */
public record SshSettings(
    String host,
    int port,
    String user,
    Path privateKey,
    Optional<String> passphrase,
    Path knownHosts,
    boolean acceptUnknownHosts,
    Duration connectTimeout,
    Optional<String> remoteDir) {

  /** The prefix of every configuration key read by {@link #fromConfig}. */
  public static final String PREFIX = "harness.ssh.";

  private static final Pattern TARGET =
      Pattern.compile("(?:([^@\\s]+)@)?(\\[[^\\]]+\\]|[^:@\\s\\[\\]]+)(?::(\\d+))?");

  public SshSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(passphrase, "passphrase");
    Objects.requireNonNull(knownHosts, "knownHosts");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(remoteDir, "remoteDir");
    if (host.isBlank()) {
      throw new IllegalArgumentException("the SSH host is empty; give the node's address");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "SSH port " + port + " of node " + host + " is not between 1 and 65535");
    }
    if (user.isBlank()) {
      throw new IllegalArgumentException(
          "the SSH user for node " + host + " is empty; set " + PREFIX + "user");
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException(
          "SSH connect timeout "
              + connectTimeout
              + " for node "
              + host
              + " must be positive; set "
              + PREFIX
              + "connectTimeout");
    }
    remoteDir.ifPresent(
        dir -> {
          if (!dir.startsWith("/")) {
            throw new IllegalArgumentException(
                "remote directory '"
                    + dir
                    + "' for node "
                    + host
                    + " is not an absolute path; set "
                    + PREFIX
                    + "remoteDir to one such as /tmp/llmharness");
          }
        });
  }

  /**
   * The defaults for {@code host}: port 22, this JVM's user name, the first of {@code
   * ~/.ssh/id_ed25519}, {@code id_ecdsa}, {@code id_rsa} that exists, {@code ~/.ssh/known_hosts}
   * verified strictly, a 10 s connect timeout and {@code /tmp/llmharness-<user>} on the node.
   */
  public static SshSettings forHost(String host) {
    Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
    Path key =
        List.of("id_ed25519", "id_ecdsa", "id_rsa").stream()
            .map(ssh::resolve)
            .filter(Files::exists)
            .findFirst()
            .orElse(ssh.resolve("id_ed25519"));
    return new SshSettings(
        host,
        22,
        System.getProperty("user.name"),
        key,
        Optional.empty(),
        ssh.resolve("known_hosts"),
        false,
        Duration.ofSeconds(10),
        Optional.empty());
  }

  /**
   * Settings for a node given as {@code [user@]host[:port]} (an IPv6 address in brackets), with
   * every other value from the {@code harness.ssh.*} keys of {@code config} (JUnit configuration
   * parameters or system properties) or the defaults of {@link #forHost}. A user or port in {@code
   * target} wins over the configured one.
   *
   * <p>Keys: {@code user}, {@code port}, {@code key}, {@code keyPassphrase}, {@code knownHosts},
   * {@code acceptUnknownHosts}, {@code connectTimeout} (seconds, or ISO-8601 such as {@code
   * PT30S}), {@code remoteDir}.
   *
   * @throws IllegalArgumentException naming the key or target that is malformed
   */
  public static SshSettings fromConfig(String target, Function<String, Optional<String>> config) {
    Matcher m = TARGET.matcher(target.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "SSH node '" + target + "' is not of the form [user@]host[:port]");
    }
    String host =
        m.group(2).startsWith("[") ? m.group(2).substring(1, m.group(2).length() - 1) : m.group(2);
    SshSettings s = forHost(host);
    Optional<String> user = Optional.ofNullable(m.group(1)).or(() -> value(config, "user"));
    if (user.isPresent()) {
      s = s.withUser(user.get());
    }
    Optional<String> port = Optional.ofNullable(m.group(3)).or(() -> value(config, "port"));
    if (port.isPresent()) {
      s = s.withPort(parseInt(port.get(), "port"));
    }
    Optional<String> key = value(config, "key");
    if (key.isPresent()) {
      s = s.withPrivateKey(expandHome(key.get()));
    }
    Optional<String> passphrase = value(config, "keyPassphrase");
    if (passphrase.isPresent()) {
      s = s.withPassphrase(passphrase.get());
    }
    Optional<String> knownHosts = value(config, "knownHosts");
    if (knownHosts.isPresent()) {
      s = s.withKnownHosts(expandHome(knownHosts.get()));
    }
    Optional<String> accept = value(config, "acceptUnknownHosts");
    if (accept.isPresent()) {
      s = s.withAcceptUnknownHosts(parseBoolean(accept.get(), "acceptUnknownHosts"));
    }
    Optional<String> timeout = value(config, "connectTimeout");
    if (timeout.isPresent()) {
      s = s.withConnectTimeout(parseDuration(timeout.get(), "connectTimeout"));
    }
    Optional<String> dir = value(config, "remoteDir");
    if (dir.isPresent()) {
      s = s.withRemoteDir(dir.get());
    }
    return s;
  }

  /** {@link #fromConfig} with the JVM's system properties. */
  public static SshSettings fromSystemProperties(String target) {
    return fromConfig(target, key -> Optional.ofNullable(System.getProperty(key)));
  }

  /** The remote directory in effect: the configured one or {@code /tmp/llmharness-<user>}. */
  public String remoteDirectory() {
    return remoteDir.orElse("/tmp/llmharness-" + user);
  }

  /** {@code user@host:port}, for messages. */
  public String target() {
    return user + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  public SshSettings withPort(int port) {
    return new SshSettings(
        host,
        port,
        user,
        privateKey,
        passphrase,
        knownHosts,
        acceptUnknownHosts,
        connectTimeout,
        remoteDir);
  }

  public SshSettings withUser(String user) {
    return new SshSettings(
        host,
        port,
        user,
        privateKey,
        passphrase,
        knownHosts,
        acceptUnknownHosts,
        connectTimeout,
        remoteDir);
  }

  public SshSettings withPrivateKey(Path privateKey) {
    return new SshSettings(
        host,
        port,
        user,
        privateKey,
        passphrase,
        knownHosts,
        acceptUnknownHosts,
        connectTimeout,
        remoteDir);
  }

  public SshSettings withPassphrase(String passphrase) {
    return new SshSettings(
        host,
        port,
        user,
        privateKey,
        Optional.of(passphrase),
        knownHosts,
        acceptUnknownHosts,
        connectTimeout,
        remoteDir);
  }

  public SshSettings withKnownHosts(Path knownHosts) {
    return new SshSettings(
        host,
        port,
        user,
        privateKey,
        passphrase,
        knownHosts,
        acceptUnknownHosts,
        connectTimeout,
        remoteDir);
  }

  public SshSettings withAcceptUnknownHosts(boolean acceptUnknownHosts) {
    return new SshSettings(
        host,
        port,
        user,
        privateKey,
        passphrase,
        knownHosts,
        acceptUnknownHosts,
        connectTimeout,
        remoteDir);
  }

  public SshSettings withConnectTimeout(Duration connectTimeout) {
    return new SshSettings(
        host,
        port,
        user,
        privateKey,
        passphrase,
        knownHosts,
        acceptUnknownHosts,
        connectTimeout,
        remoteDir);
  }

  public SshSettings withRemoteDir(String remoteDir) {
    return new SshSettings(
        host,
        port,
        user,
        privateKey,
        passphrase,
        knownHosts,
        acceptUnknownHosts,
        connectTimeout,
        Optional.of(remoteDir));
  }

  /** Never shows the passphrase. */
  @Override
  public String toString() {
    return "SshSettings["
        + target()
        + ", key "
        + privateKey
        + (passphrase.isPresent() ? " (with passphrase)" : "")
        + ", knownHosts "
        + knownHosts
        + (acceptUnknownHosts ? " (unknown hosts accepted)" : "")
        + ", connectTimeout "
        + connectTimeout.toMillis()
        + " ms, remoteDir "
        + remoteDirectory()
        + "]";
  }

  private static Optional<String> value(Function<String, Optional<String>> config, String key) {
    return config.apply(PREFIX + key).map(String::strip).filter(v -> !v.isEmpty());
  }

  private static Path expandHome(String path) {
    if (path.equals("~") || path.startsWith("~/")) {
      return Path.of(System.getProperty("user.home") + path.substring(1));
    }
    return Path.of(path);
  }

  private static int parseInt(String value, String key) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          PREFIX + key + "='" + value + "' is not a number; give a port such as 22", e);
    }
  }

  private static boolean parseBoolean(String value, String key) {
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new IllegalArgumentException(
        PREFIX + key + "='" + value + "' is not a boolean; give true or false");
  }

  private static Duration parseDuration(String value, String key) {
    try {
      if (value.matches("\\d+")) {
        return Duration.ofSeconds(Long.parseLong(value));
      }
      return Duration.parse(value);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(
          PREFIX
              + key
              + "='"
              + value
              + "' is not a duration; give seconds (30) or ISO-8601 (PT30S)",
          e);
    }
  }
}
