package io.llmharness.results;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a result was measured: harness and Java versions, host, OS, and the server's version.
 *
 * @param harnessVersion the harness version (the jar's Implementation-Version, or {@code "dev"})
 * @param javaVersion {@code java.version}
 * @param javaVendor {@code java.vendor}
 * @param hostName the host's name
 * @param os {@code os.name os.version (os.arch)}
 * @param serverVersion the server's {@code /version} answer, when it has one
 * @since 0.1.0
 */
public record Environment(
    String harnessVersion,
    String javaVersion,
    String javaVendor,
    String hostName,
    String os,
    Optional<String> serverVersion) {

  public Environment {
    Objects.requireNonNull(harnessVersion, "harnessVersion");
    Objects.requireNonNull(javaVersion, "javaVersion");
    Objects.requireNonNull(javaVendor, "javaVendor");
    Objects.requireNonNull(hostName, "hostName");
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(serverVersion, "serverVersion");
  }

  /** The environment of this JVM, with the server's version as reported. */
  public static Environment detect(Optional<String> serverVersion) {
    String version = Environment.class.getPackage().getImplementationVersion();
    return new Environment(
        version == null ? "dev" : version,
        System.getProperty("java.version"),
        System.getProperty("java.vendor"),
        localHostName(),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " ("
            + System.getProperty("os.arch")
            + ")",
        serverVersion);
  }

  private static String localHostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    try {
      Path kernel = Path.of("/proc/sys/kernel/hostname");
      if (Files.isReadable(kernel)) {
        return Files.readString(kernel).strip();
      }
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
