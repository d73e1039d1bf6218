package io.llmharness.server.ssh;

import static io.llmharness.internal.ConfigValues.read;

import io.llmharness.internal.ConfigValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
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

  /** Every configuration key {@link #fromConfig} reads. */
  public static final List<String> KEYS =
      List.of(
              "user",
              "port",
              "key",
              "keyPassphrase",
              "knownHosts",
              "acceptUnknownHosts",
              "connectTimeout",
              "remoteDir")
          .stream()
          .map(k -> PREFIX + k)
          .toList();

  /**
   * {@code [user@]host[:port]}, the host a name, an IPv4 address, a bare IPv6 address or one in
   * brackets.
   */
  private static final Pattern TARGET =
      Pattern.compile(
          "(?:([^@\\s]+)@)?(?:\\[([^\\]]+)\\]|([^:@\\s\\[\\]]+)|([0-9A-Fa-f]*:[0-9A-Fa-f:.]*))(?::(\\d+))?");

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
   * parameters and system properties) or the defaults of {@link #forHost}. A user or port in {@code
   * target} wins over the configured one.
   *
   * <p>Keys: {@code user}, {@code port}, {@code key}, {@code keyPassphrase}, {@code knownHosts},
   * {@code acceptUnknownHosts}, {@code connectTimeout} (seconds, or ISO-8601 such as {@code
   * PT30S}), {@code remoteDir}.
   *
   * @throws IllegalArgumentException naming the key or target that is malformed, or a {@code
   *     harness.ssh.*} key that is not one of {@link #KEYS}
   */
  public static SshSettings fromConfig(String target, Map<String, String> config) {
    for (String key : config.keySet()) {
      if (key.startsWith(PREFIX) && !KEYS.contains(key)) {
        throw new IllegalArgumentException(
            key + " is not a key of the SSH launcher; use one of " + KEYS);
      }
    }
    return fromConfig(target, key -> Optional.ofNullable(config.get(key)));
  }

  /**
   * {@link #fromConfig(String, Map)} with the keys read through {@code config} (key → value, empty
   * when unset), such as JUnit's {@code getConfigurationParameter}.
   */
  public static SshSettings fromConfig(String target, Function<String, Optional<String>> config) {
    Matcher m = TARGET.matcher(target.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "SSH node [" + target + "] is not of the form [user@]host[:port]");
    }
    String host = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
    SshSettings s = forHost(host);
    s = s.withUser(m.group(1) != null ? m.group(1) : read(config, PREFIX + "user", s.user, v -> v));
    s =
        s.withPort(
            m.group(5) != null
                ? ConfigValues.parseInt(m.group(5))
                : read(config, PREFIX + "port", s.port, ConfigValues::parseInt));
    s = s.withPrivateKey(read(config, PREFIX + "key", s.privateKey, SshSettings::expandHome));
    Optional<String> passphrase = config.apply(PREFIX + "keyPassphrase");
    if (passphrase.isPresent() && !passphrase.get().isEmpty()) {
      s = s.withPassphrase(passphrase.get());
    }
    s =
        s.withKnownHosts(
            read(config, PREFIX + "knownHosts", s.knownHosts, SshSettings::expandHome));
    s =
        s.withAcceptUnknownHosts(
            read(config, PREFIX + "acceptUnknownHosts", false, ConfigValues::parseBoolean));
    s =
        s.withConnectTimeout(
            read(config, PREFIX + "connectTimeout", s.connectTimeout, ConfigValues::parseDuration));
    Optional<String> dir =
        read(config, PREFIX + "remoteDir", Optional.empty(), v -> Optional.of(v.strip()));
    if (dir.isPresent()) {
      s = s.withRemoteDir(dir.get());
    }
    return s;
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
    return copy(c -> c.port = port);
  }

  public SshSettings withUser(String user) {
    return copy(c -> c.user = user);
  }

  public SshSettings withPrivateKey(Path privateKey) {
    return copy(c -> c.privateKey = privateKey);
  }

  public SshSettings withPassphrase(String passphrase) {
    return copy(c -> c.passphrase = Optional.of(passphrase));
  }

  public SshSettings withKnownHosts(Path knownHosts) {
    return copy(c -> c.knownHosts = knownHosts);
  }

  public SshSettings withAcceptUnknownHosts(boolean acceptUnknownHosts) {
    return copy(c -> c.acceptUnknownHosts = acceptUnknownHosts);
  }

  public SshSettings withConnectTimeout(Duration connectTimeout) {
    return copy(c -> c.connectTimeout = connectTimeout);
  }

  public SshSettings withRemoteDir(String remoteDir) {
    return copy(c -> c.remoteDir = Optional.of(remoteDir));
  }

  /** These settings with the fields {@code change} sets, validated like any new settings. */
  private SshSettings copy(Consumer<Fields> change) {
    Fields f = new Fields(this);
    change.accept(f);
    return new SshSettings(
        f.host,
        f.port,
        f.user,
        f.privateKey,
        f.passphrase,
        f.knownHosts,
        f.acceptUnknownHosts,
        f.connectTimeout,
        f.remoteDir);
  }

  /** The fields of one {@link SshSettings}, mutable while a wither changes one of them. */
  private static final class Fields {
    String host;
    int port;
    String user;
    Path privateKey;
    Optional<String> passphrase;
    Path knownHosts;
    boolean acceptUnknownHosts;
    Duration connectTimeout;
    Optional<String> remoteDir;

    Fields(SshSettings s) {
      host = s.host;
      port = s.port;
      user = s.user;
      privateKey = s.privateKey;
      passphrase = s.passphrase;
      knownHosts = s.knownHosts;
      acceptUnknownHosts = s.acceptUnknownHosts;
      connectTimeout = s.connectTimeout;
      remoteDir = s.remoteDir;
    }
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

  private static Path expandHome(String path) {
    path = path.strip();
    if (path.equals("~") || path.startsWith("~/")) {
      return Path.of(System.getProperty("user.home") + path.substring(1));
    }
    return Path.of(path);
  }
}
