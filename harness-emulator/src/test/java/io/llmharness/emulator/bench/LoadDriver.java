package io.llmharness.emulator.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A bounded closed-loop load driver for the emulator's streaming path: C keep-alive connections,
 * each sending one streaming completion after another, read by a single NIO selector thread (the
 * cheapest client we can put on the same 2 cores). Starts the emulator as a separate process from
 * the shaded jar, warms up, resets the emulator's emission-error histogram, measures for a fixed
 * time, then reports client-side events/s, the server's emission error and the emulator's peak RSS
 * (VmHWM).
 *
 * <pre>
 * mvn -B -q -pl harness-emulator package -DskipTests
 * mvn -B -q -pl harness-emulator exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.llmharness.emulator.bench.LoadDriver \
 *   -Dexec.args="--concurrency 1000 --max-tokens 200 --warmup 10 --duration 30"
 * </pre>
 */
public final class LoadDriver {

  private static final byte[] EVENT = "data: {".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private int concurrency = 1000;
  private int maxTokens = 200;
  private int promptTokens = 16;
  private double warmupSeconds = 10;
  private double durationSeconds = 30;
  private String jar;
  private int coalesceMs = 20;
  private final List<String> emulatorArgs = new ArrayList<>();
  private final List<String> jvmOptions = new ArrayList<>();

  private long events;
  private long completed;
  private long failed;

  public static void main(String[] args) throws Exception {
    LoadDriver d = new LoadDriver();
    d.parse(args);
    d.run();
  }

  private void parse(String[] args) {
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
        case "--max-tokens" -> maxTokens = Integer.parseInt(args[++i]);
        case "--prompt-tokens" -> promptTokens = Integer.parseInt(args[++i]);
        case "--warmup" -> warmupSeconds = Double.parseDouble(args[++i]);
        case "--duration" -> durationSeconds = Double.parseDouble(args[++i]);
        case "--jar" -> jar = args[++i];
        case "--coalesce-ms" -> coalesceMs = Integer.parseInt(args[++i]);
        case "--jvm-option" -> jvmOptions.add(args[++i]);
        default -> emulatorArgs.add(args[i]);
      }
    }
    if (concurrency < 1 || durationSeconds <= 0 || durationSeconds > 600) {
      throw new IllegalArgumentException(
          "--concurrency must be positive and --duration in (0, 600] seconds");
    }
  }

  private static String findJar() throws IOException {
    for (Path dir : List.of(Path.of("harness-emulator/target"), Path.of("target"))) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          var found =
              files.filter(p -> p.getFileName().toString().endsWith("-all.jar")).findFirst();
          if (found.isPresent()) {
            return found.get().toString();
          }
        }
      }
    }
    throw new IllegalStateException(
        "no harness-emulator-*-all.jar found; run mvn -pl harness-emulator package -DskipTests first");
  }

  private void run() throws Exception {
    int port;
    try (var s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-jar", jar != null ? jar : findJar()));
    cmd.addAll(emulatorArgs);
    if (emulatorArgs.stream().noneMatch(a -> a.startsWith("--profile"))) {
      cmd.addAll(List.of("--profile", "fast"));
    }
    cmd.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port)));
    Path log = Files.createTempFile("emulator-bench-", ".log");
    Process emulator =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      System.out.println("emulator: " + String.join(" ", cmd));
      awaitHealthy(port, emulator);
      drive(port, emulator.pid());
    } finally {
      emulator.destroy();
      emulator.waitFor();
      Files.deleteIfExists(log);
    }
  }

  private static void awaitHealthy(int port, Process p) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < end) {
      if (!p.isAlive()) {
        throw new IllegalStateException("the emulator exited with " + p.exitValue());
      }
      try {
        if (simpleRequest(port, "GET", "/health", "").startsWith("HTTP/1.1 200")) {
          return;
        }
      } catch (IOException e) {
        // not yet listening
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the emulator did not become healthy");
  }

  /** One blocking HTTP/1.1 request with Connection: close; returns the whole response. */
  private static String simpleRequest(int port, String method, String path, String body)
      throws IOException {
    try (var s = new java.net.Socket("127.0.0.1", port)) {
      String req =
          method
              + " "
              + path
              + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
              + (body.isEmpty() ? "" : "Content-Type: application/json\r\n")
              + "Content-Length: "
              + body.length()
              + "\r\n\r\n"
              + body;
      s.getOutputStream().write(req.getBytes(StandardCharsets.UTF_8));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private void drive(int port, long pid) throws Exception {
    Selector selector = Selector.open();
    List<Conn> conns = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      SocketChannel ch = SocketChannel.open();
      ch.configureBlocking(false);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ch.connect(new InetSocketAddress("127.0.0.1", port));
      Conn c = new Conn(ch, request(i));
      conns.add(c);
      ch.register(selector, SelectionKey.OP_CONNECT, c);
    }
    long start = System.nanoTime();
    long warmEnd = start + (long) (warmupSeconds * 1e9);
    long end = warmEnd + (long) (durationSeconds * 1e9);
    boolean measuring = false;
    long measureStart = 0;
    long eventsAtStart = 0;
    long completedAtStart = 0;
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16);
    byte[] bytes = new byte[1 << 16];
    while (true) {
      long now = System.nanoTime();
      if (!measuring && now >= warmEnd) {
        simpleRequest(port, "POST", "/emulator/emission/reset", "");
        measuring = true;
        measureStart = System.nanoTime();
        eventsAtStart = events;
        completedAtStart = completed;
      }
      if (now >= end) {
        break;
      }
      selector.select(100);
      if (coalesceMs > 0) {
        // Let events pile up so one read syscall takes several: the client then costs little CPU
        // on the cores it shares with the emulator. Emission timing is measured by the server.
        Thread.sleep(coalesceMs);
        selector.selectNow();
      }
      Iterator<SelectionKey> it = selector.selectedKeys().iterator();
      while (it.hasNext()) {
        SelectionKey key = it.next();
        it.remove();
        Conn c = (Conn) key.attachment();
        try {
          if (key.isConnectable()) {
            c.ch.finishConnect();
            key.interestOps(SelectionKey.OP_WRITE);
          }
          if (key.isValid() && key.isWritable()) {
            c.ch.write(c.out);
            if (!c.out.hasRemaining()) {
              key.interestOps(SelectionKey.OP_READ);
            }
          }
          if (key.isValid() && key.isReadable()) {
            buf.clear();
            int n = c.ch.read(buf);
            if (n < 0) {
              failed++;
              key.cancel();
              c.ch.close();
              continue;
            }
            buf.flip();
            buf.get(bytes, 0, n);
            if (c.consume(bytes, n)) {
              completed++;
              c.reset();
              key.interestOps(SelectionKey.OP_WRITE);
            }
          }
        } catch (IOException e) {
          failed++;
          key.cancel();
          c.ch.close();
        }
      }
    }
    long measuredNanos = System.nanoTime() - measureStart;
    String emission = simpleRequest(port, "GET", "/emulator/emission", "");
    String status = Files.readString(Path.of("/proc/" + pid + "/status"));
    String hwm =
        status
            .lines()
            .filter(l -> l.startsWith("VmHWM"))
            .findFirst()
            .orElse("VmHWM: ?")
            .replaceAll("\\s+", " ");
    for (Conn c : conns) {
      c.ch.close();
    }
    selector.close();
    double seconds = measuredNanos / 1e9;
    System.out.printf(
        "concurrency %d, max_tokens %d, prompt %d tokens, warm-up %.0f s, measured %.1f s%n",
        concurrency, maxTokens, promptTokens, warmupSeconds, seconds);
    System.out.printf(
        "SSE token events received: %d (%.0f events/s)%n",
        events - eventsAtStart, (events - eventsAtStart) / seconds);
    System.out.printf(
        "completed streams: %d (%.1f/s), failed connections: %d%n",
        completed - completedAtStart, (completed - completedAtStart) / seconds, failed);
    String json = emission.substring(emission.indexOf("\r\n\r\n") + 4);
    int cut = json.indexOf(",\"histogram_us\"");
    System.out.println("server emission error: " + (cut > 0 ? json.substring(0, cut) + "}" : json));
    System.out.println("emulator peak RSS: " + hwm);
  }

  private byte[] request(int i) {
    StringBuilder prompt = new StringBuilder("[");
    for (int t = 0; t < promptTokens; t++) {
      prompt.append(t == 0 ? "" : ",").append(1000 + (i * 31 + t) % 100000);
    }
    prompt.append(']');
    String body =
        "{\"prompt\":"
            + prompt
            + ",\"max_tokens\":"
            + maxTokens
            + ",\"ignore_eos\":true,\"temperature\":0,\"stream\":true}";
    return ("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Content-Length: "
            + body.length()
            + "\r\n\r\n"
            + body)
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** One connection: the request bytes and two streaming matchers over the response. */
  private final class Conn {
    final SocketChannel ch;
    final byte[] requestBytes;
    ByteBuffer out;
    int eventMatch;
    int endMatch;

    Conn(SocketChannel ch, byte[] requestBytes) {
      this.ch = ch;
      this.requestBytes = requestBytes;
      this.out = ByteBuffer.wrap(requestBytes);
    }

    void reset() {
      out = ByteBuffer.wrap(requestBytes);
      eventMatch = 0;
      endMatch = 0;
    }

    /** Scans response bytes; true when the chunked response ended. */
    boolean consume(byte[] b, int n) {
      for (int i = 0; i < n; i++) {
        byte x = b[i];
        eventMatch = x == EVENT[eventMatch] ? eventMatch + 1 : (x == EVENT[0] ? 1 : 0);
        if (eventMatch == EVENT.length) {
          events++;
          eventMatch = 0;
        }
        endMatch = x == END[endMatch] ? endMatch + 1 : (x == END[0] ? 1 : 0);
        if (endMatch == END.length) {
          return true;
        }
      }
      return false;
    }
  }
}
