package io.llmharness.emulator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An emulator started as a separate JVM from the test classpath ({@code java -cp <classpath>
 * io.llmharness.emulator.EmulatorMain ... --host 127.0.0.1 --port <free>}) or from the shaded jar
 * ({@code java -jar}), its output in a file, destroyed with its process tree on close.
 */
public final class EmulatorProcess implements AutoCloseable {

  private static final Duration START_DEADLINE = Duration.ofSeconds(60);

  private final Process process;
  private final int port;
  private final Path log;
  private final Map<String, String> env;

  private EmulatorProcess(Process process, int port, Path log, Map<String, String> env) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.env = Map.copyOf(env);
  }

  /** Starts an emulator and waits until {@code /health} answers 200. */
  public static EmulatorProcess start(String... args) {
    return start(Map.of(), args);
  }

  /** Starts an emulator with extra environment variables and waits until it is healthy. */
  public static EmulatorProcess start(Map<String, String> env, String... args) {
    EmulatorProcess p = launch(env, args);
    p.awaitHealthy(START_DEADLINE);
    return p;
  }

  /** Starts an emulator process without waiting for it. */
  public static EmulatorProcess launch(Map<String, String> env, String... args) {
    return launch(
        List.of(
            "-cp", System.getProperty("java.class.path"), "io.llmharness.emulator.EmulatorMain"),
        env,
        args);
  }

  /**
   * Starts {@code java -jar jar args --host 127.0.0.1 --port <free>} and waits until it is healthy.
   */
  public static EmulatorProcess startJar(Path jar, String... args) {
    EmulatorProcess p = launch(List.of("-jar", jar.toString()), Map.of(), args);
    p.awaitHealthy(START_DEADLINE);
    return p;
  }

  /** Starts {@code java <test JVM options> <main> args --host 127.0.0.1 --port <free>}. */
  private static EmulatorProcess launch(
      List<String> main, Map<String, String> env, String... args) {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.addAll(main);
    command.addAll(List.of(args));
    command.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port)));
    try {
      Path log = Files.createTempFile("emulator-", ".log");
      ProcessBuilder pb =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().putAll(env);
      return new EmulatorProcess(pb.start(), port, log, env);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A free TCP port on loopback. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Polls {@code GET /health} until 200, failing with the process log past the deadline. */
  public void awaitHealthy(Duration deadline) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long end = System.nanoTime() + deadline.toNanos();
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the emulator exited with " + process.exitValue() + " before serving:\n" + output());
      }
      try {
        HttpResponse<Void> r =
            client.send(
                HttpRequest.newBuilder(uri("/health")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      pause(Duration.ofMillis(50));
    }
    throw new IllegalStateException("the emulator did not become healthy in time:\n" + output());
  }

  public static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return port;
  }

  /** The environment variables the process was started with on top of this JVM's. */
  public Map<String, String> env() {
    return env;
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  public Process process() {
    return process;
  }

  /** Everything the process printed so far. */
  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read the log: " + e + ")";
    }
  }

  /** Waits for the process to exit, up to a deadline; returns its exit code or -1. */
  public int awaitExit(Duration deadline) {
    try {
      if (process.waitFor(deadline.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        return process.exitValue();
      }
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor();
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
