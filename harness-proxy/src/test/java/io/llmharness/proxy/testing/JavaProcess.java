package io.llmharness.proxy.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A main class of the test classpath run as a separate JVM ({@code java -cp <test classpath> Main
 * args}, or {@code java -jar <jar> args}), its output in a file, destroyed with its descendants on
 * close.
 */
public final class JavaProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;

  private JavaProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code mainClass} with {@code args} and extra environment variables. */
  public static JavaProcess start(
      String name,
      String mainClass,
      List<String> jvmArgs,
      List<String> args,
      Map<String, String> env) {
    return start(name, jvmArgs, List.of("-cp", classpath(), mainClass), args, env);
  }

  /** Starts {@code java <jvmArgs> -jar jar args}. */
  public static JavaProcess startJar(
      String name, Path jar, List<String> jvmArgs, List<String> args) {
    return start(name, jvmArgs, List.of("-jar", jar.toString()), args, Map.of());
  }

  private static JavaProcess start(
      String name,
      List<String> jvmArgs,
      List<String> main,
      List<String> args,
      Map<String, String> env) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.addAll(main);
    command.addAll(args);
    try {
      Path log = Files.createTempFile(name + "-", ".log");
      ProcessBuilder pb =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().putAll(env);
      return new JavaProcess(name, pb.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The test classpath: this JVM's, or the URLs of the context class loader when running under
   * {@code exec:java} (where {@code java.class.path} is Maven's own).
   */
  static String classpath() {
    if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader
        && loader.getURLs().length > 0) {
      List<String> parts = new ArrayList<>();
      for (URL u : loader.getURLs()) {
        try {
          parts.add(Path.of(u.toURI()).toString());
        } catch (URISyntaxException e) {
          throw new IllegalStateException("classpath entry " + u + " is not a file", e);
        }
      }
      return String.join(File.pathSeparator, parts);
    }
    return System.getProperty("java.class.path");
  }

  /** A free TCP port on loopback. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until {@code port} accepts connections, failing with the log if the process dies. */
  public void awaitListening(int port, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + " before listening:\n" + output());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException e) {
        LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      }
    }
    throw new IllegalStateException(name + " did not listen on " + port + " in time:\n" + output());
  }

  /** Waits for the process to exit; its exit code, or -1 past the deadline. */
  public int awaitExit(Duration deadline) {
    try {
      return process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  public Process process() {
    return process;
  }

  public long pid() {
    return process.pid();
  }

  /** Everything the process printed so far. */
  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  @Override
  public void close() {
    process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // best effort
    }
  }
}
