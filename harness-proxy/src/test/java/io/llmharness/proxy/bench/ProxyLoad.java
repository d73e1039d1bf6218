package io.llmharness.proxy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmharness.proxy.testing.Emulator;
import io.llmharness.proxy.testing.Prompts;
import io.llmharness.proxy.testing.ProxyProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Load driver for {@code BENCHMARKS.md}, "Proxy": the proxy's added latency and its SSE event rate.
 *
 * <p>Everything runs on this machine as separate JVMs with default options: a prefill and a decode
 * emulator (NixlConnector, UCX), the proxy, and this driver (2 event-loop threads). Each
 * measurement alternates blocks of two modes with the same requests:
 *
 * <ul>
 *   <li>{@code direct}: the driver speaks the P/D protocol itself (prefill call to P, then the
 *       streamed decode call to D with P's kv_transfer_params), on its own keep-alive connections;
 *   <li>{@code proxy}: the same request sent to the proxy.
 * </ul>
 *
 * TTFT is the request's start to the first data event; ITL the gaps between data events; delivery
 * is an event's arrival here minus the decode emulator's {@code emitted_ns} stamp written just
 * before it sent the event (one host clock, CLOCK_MONOTONIC), so proxy − direct delivery is the
 * per-event latency the proxy adds. The event-rate run uses a profile whose steps are nearly free,
 * so the machine's CPU is the limit.
 *
 * <p>Bounded: a JIT warm-up of {@code 2 × 1024} requests per mode at c=32, then {@code 4 × 250}
 * requests per mode at c=1, {@code 4 × 512} at c=256, and {@code 2 × 256} requests of 1024 tokens
 * per mode for the event rate. Usage: {@code mvn -B -pl harness-proxy -am test-compile exec:java
 * -Dexec.skip=true -Dexec.mainClass=io.llmharness.proxy.bench.ProxyLoad}; {@code
 * -Dbench.only=latency|rate} runs one part, {@code -Dbench.c1.requests=N} sets the c=1 block size,
 * {@code -Dbench.proxy.jvm="..."} gives the proxy JVM options. See BENCHMARKS.md.
 */
public final class ProxyLoad {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> DEFAULT_JVM = List.of();

  /**
   * JVM options of the proxy process ({@code -Dbench.proxy.jvm="-Xmx64m ..."}); none by default.
   */
  private static final List<String> PROXY_JVM =
      List.of(System.getProperty("bench.proxy.jvm", "").split(" ")).stream()
          .filter(s -> !s.isBlank())
          .toList();

  /** Extra proxy flags ({@code -Dbench.proxy.args="--io-threads 1"}); none by default. */
  private static final List<String> PROXY_ARGS =
      List.of(System.getProperty("bench.proxy.args", "").split(" ")).stream()
          .filter(s -> !s.isBlank())
          .toList();

  /** {@code latency}, {@code rate} or both (default). */
  private static final String ONLY = System.getProperty("bench.only", "");

  /**
   * Requests per block at c=1 ({@code -Dbench.c1.requests}, default 250): a p99 of 4 × 250 requests
   * per mode is the 10th worst, which a few scheduler stalls decide; more requests make the c=1
   * tail comparable.
   */
  private static final int C1_PER_BLOCK = Integer.getInteger("bench.c1.requests", 250);

  private static final long BLOCK_LIMIT_MINUTES = 10;

  private enum Mode {
    DIRECT,
    PROXY
  }

  /** One request's timings, in nanoseconds. */
  private record Sample(long ttft, long[] itls, long[] deliveries) {}

  /** What one block of requests produced. */
  private record Block(List<Sample> samples, long events, long wallNanos, int errors) {}

  private final ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();

  private ProxyLoad() {}

  public static void main(String[] args) throws Exception {
    new ProxyLoad().run();
  }

  private void run() throws Exception {
    System.out.println("machine: " + machine());
    System.out.println(
        "load average at start: " + Files.readString(Path.of("/proc/loadavg")).strip());
    System.out.println(
        "busiest processes at start (ps: %CPU over their lifetime, elapsed, command):");
    busiest().forEach(line -> System.out.println("  " + line));
    System.out.println("proxy JVM options: " + (PROXY_JVM.isEmpty() ? "(defaults)" : PROXY_JVM));
    System.out.println("proxy extra flags: " + (PROXY_ARGS.isEmpty() ? "(none)" : PROXY_ARGS));
    try (LoadClient client = new LoadClient(2)) {
      if (!ONLY.equals("rate")) {
        latency(client);
      }
      if (!ONLY.equals("latency")) {
        eventRate(client);
      }
    }
    System.out.println(
        "load average at end: " + Files.readString(Path.of("/proc/loadavg")).strip());
    if (!errors.isEmpty()) {
      System.out.println("errors: " + errors.size() + ", first: " + errors.peek());
    }
  }

  // ---------------------------------------------------------------- latency

  private void latency(LoadClient client) throws Exception {
    try (Emulator p = Emulator.pdWithJvm(DEFAULT_JVM, Emulator.TCP, "--sse-timestamps");
        Emulator d = Emulator.pdWithJvm(DEFAULT_JVM, Emulator.TCP, "--sse-timestamps");
        ProxyProcess proxy = ProxyProcess.startWith(PROXY_JVM, proxyArgs(p, d))) {
      System.out.println();
      System.out.println(
          "| c | mode | requests | TTFT p50 | TTFT p99 | ITL p50 | ITL p99 | delivery p50 | delivery p99"
              + " | proxy CPU ms/request |");
      System.out.println("|---|---|---|---|---|---|---|---|---|---|");
      List<Worker> jit = workers(client, 32, p, d, proxy);
      for (int i = 0; i < 2; i++) {
        runBlock(jit, Mode.DIRECT, 1024, 32, 64);
        runBlock(jit, Mode.PROXY, 1024, 32, 64);
      }
      jit.forEach(Worker::close);
      for (int c : new int[] {1, 256}) {
        int perBlock = c == 1 ? C1_PER_BLOCK : 512;
        List<Worker> workers = workers(client, c, p, d, proxy);
        runBlock(workers, Mode.DIRECT, Math.max(50, c), 32, 64);
        runBlock(workers, Mode.PROXY, Math.max(50, c), 32, 64);
        List<Sample> direct = new ArrayList<>();
        List<Sample> viaProxy = new ArrayList<>();
        long proxyCpu = 0;
        for (int b = 0; b < 4; b++) {
          direct.addAll(runBlock(workers, Mode.DIRECT, perBlock, 32, 64).samples());
          long before = cpuNanos(proxy.pid());
          viaProxy.addAll(runBlock(workers, Mode.PROXY, perBlock, 32, 64).samples());
          proxyCpu += cpuNanos(proxy.pid()) - before;
        }
        workers.forEach(Worker::close);
        Summary sd = Summary.of(direct);
        Summary sp = Summary.of(viaProxy);
        String cpu = String.format(Locale.ROOT, " %.3f |", proxyCpu / 1e6 / viaProxy.size());
        System.out.println(sd.row(c, "direct", direct.size()) + " — |");
        System.out.println(sp.row(c, "proxy", viaProxy.size()) + cpu);
        System.out.println(sp.minus(sd).row(c, "**added**", viaProxy.size()) + " |");
      }
      System.out.println();
      System.out.println("proxy peak RSS (VmHWM) after the latency runs: " + vmHwm(proxy.pid()));
    }
  }

  // ---------------------------------------------------------------- event rate

  private void eventRate(LoadClient client) throws Exception {
    Path profile = burstProfile();
    try (Emulator p =
            Emulator.pdWithJvm(DEFAULT_JVM, Emulator.TCP, "--profile", profile.toString());
        Emulator d =
            Emulator.pdWithJvm(DEFAULT_JVM, Emulator.TCP, "--profile", profile.toString());
        ProxyProcess proxy = ProxyProcess.startWith(PROXY_JVM, proxyArgs(p, d))) {
      int c = 256;
      List<Worker> workers = workers(client, c, p, d, proxy);
      runBlock(workers, Mode.DIRECT, c, 256, 16);
      runBlock(workers, Mode.PROXY, c, 256, 16);
      System.out.println();
      System.out.println(
          "| c | mode | requests | events | seconds | events/s | proxy CPU µs/event |");
      System.out.println("|---|---|---|---|---|---|---|");
      for (int b = 0; b < 2; b++) {
        for (Mode mode : Mode.values()) {
          long cpuBefore = cpuNanos(proxy.pid());
          Block block = runBlock(workers, mode, 256, 1024, 16);
          long cpu = cpuNanos(proxy.pid()) - cpuBefore;
          System.out.printf(
              Locale.ROOT,
              "| %d | %s | %d | %d | %.2f | %.0f | %s |%n",
              c,
              mode.name().toLowerCase(Locale.ROOT),
              block.samples().size(),
              block.events(),
              block.wallNanos() / 1e9,
              block.events() / (block.wallNanos() / 1e9),
              mode == Mode.PROXY
                  ? String.format(Locale.ROOT, "%.2f", cpu / 1e3 / block.events())
                  : "—");
        }
      }
      workers.forEach(Worker::close);
      System.out.println();
      System.out.println("proxy peak RSS (VmHWM) after the event-rate runs: " + vmHwm(proxy.pid()));
    } finally {
      Files.deleteIfExists(profile);
    }
  }

  private static List<String> proxyArgs(Emulator p, Emulator d) {
    List<String> args = new ArrayList<>(List.of("--prefill", p.url(), "--decode", d.url()));
    args.addAll(PROXY_ARGS);
    return args;
  }

  /**
   * The fast profile with nearly free steps: the event rate is then bound by CPU, not the model.
   */
  private static Path burstProfile() throws IOException {
    String json =
        """
        {
          "name": "burst",
          "description": "Near-zero step times for the proxy's event-rate benchmark.",
          "model": {"name": "m", "num_layers": 24, "num_kv_heads": 2, "head_dim": 64,
                    "dtype_bytes": 2, "max_position_embeddings": 32768},
          "defaults": {"max_model_len": 32768, "max_num_batched_tokens": 8192,
                       "max_num_seqs": 1024, "tensor_parallel_size": 1},
          "kv_cache": {"tokens": 2000000},
          "latency": {"step_overhead_ms": 0.01, "forward_floor_ms": 0.05,
                      "prefill_ms_polynomial": [0.0001, 0], "decode_ms_per_seq": 0.0005,
                      "decode_ms_per_1k_context": 0, "producer_prefill_factor": 1.0},
          "links": {"LIBFABRIC": {"gbps": 100, "latency_ms": 0.1},
                    "UCX": {"gbps": 25, "latency_ms": 0.1}},
          "eos_probability": 0.0
        }
        """;
    Path p = Files.createTempFile("burst-profile-", ".json");
    Files.writeString(p, json);
    return p;
  }

  // ---------------------------------------------------------------- blocks

  private List<Worker> workers(
      LoadClient client, int c, Emulator p, Emulator d, ProxyProcess proxy) {
    List<Worker> out = new ArrayList<>();
    for (int i = 0; i < c; i++) {
      out.add(
          new Worker(
              client.connect(p.port()), client.connect(d.port()), client.connect(proxy.port())));
    }
    return out;
  }

  private Block runBlock(
      List<Worker> workers, Mode mode, int requests, int maxTokens, int promptTokens)
      throws InterruptedException {
    AtomicInteger remaining = new AtomicInteger(requests);
    CountDownLatch done = new CountDownLatch(requests);
    ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    AtomicInteger failed = new AtomicInteger();
    java.util.concurrent.atomic.AtomicLong events = new java.util.concurrent.atomic.AtomicLong();
    long start = System.nanoTime();
    for (Worker w : workers) {
      w.proxy.execute(
          () -> w.next(mode, remaining, done, samples, failed, events, maxTokens, promptTokens));
    }
    if (!done.await(BLOCK_LIMIT_MINUTES, TimeUnit.MINUTES)) {
      throw new IllegalStateException(
          mode + " block did not finish in " + BLOCK_LIMIT_MINUTES + " min");
    }
    return new Block(
        new ArrayList<>(samples), events.get(), System.nanoTime() - start, failed.get());
  }

  /** One closed-loop client slot with its own connections. */
  private final class Worker {
    final LoadClient.Connection prefill;
    final LoadClient.Connection decode;
    final LoadClient.Connection proxy;

    Worker(
        LoadClient.Connection prefill, LoadClient.Connection decode, LoadClient.Connection proxy) {
      this.prefill = prefill;
      this.decode = decode;
      this.proxy = proxy;
    }

    void next(
        Mode mode,
        AtomicInteger remaining,
        CountDownLatch done,
        ConcurrentLinkedQueue<Sample> samples,
        AtomicInteger failed,
        java.util.concurrent.atomic.AtomicLong events,
        int maxTokens,
        int promptTokens) {
      if (remaining.getAndDecrement() <= 0) {
        return;
      }
      String prompt = Prompts.uniqueTokenIds(promptTokens);
      String body = Prompts.streaming(prompt, maxTokens);
      Runnable again =
          () -> next(mode, remaining, done, samples, failed, events, maxTokens, promptTokens);
      long start = System.nanoTime();
      Stream stream =
          new Stream(
              start,
              maxTokens,
              s -> {
                samples.add(s);
                events.addAndGet(s.itls().length + 1);
                done.countDown();
                again.run();
              },
              t -> {
                errors.add(t);
                failed.incrementAndGet();
                done.countDown();
                again.run();
              });
      if (mode == Mode.PROXY) {
        proxy.post("/v1/completions", bytes(body), stream);
        return;
      }
      String prefillBody =
          "{\"model\":\"m\",\"prompt\":"
              + prompt
              + ",\"max_tokens\":1,\"stream\":false,\"min_tokens\":1,\"kv_transfer_params\":"
              + "{\"do_remote_decode\":true,\"do_remote_prefill\":false,\"remote_engine_id\":null,"
              + "\"remote_block_ids\":null,\"remote_host\":null,\"remote_port\":null}}";
      prefill.post(
          "/v1/completions",
          bytes(prefillBody),
          LoadClient.onEnd(
              response -> {
                String kv;
                try {
                  JsonNode params = JSON.readTree(response).get("kv_transfer_params");
                  kv = JSON.writeValueAsString(params);
                } catch (IOException e) {
                  stream.onError(e);
                  return;
                }
                String decodeBody =
                    body.substring(0, body.length() - 1) + ",\"kv_transfer_params\":" + kv + "}";
                decode.execute(() -> decode.post("/v1/completions", bytes(decodeBody), stream));
              },
              stream::onError));
    }

    void close() {
      prefill.close();
      decode.close();
      proxy.close();
    }
  }

  /** Collects one streamed response. */
  private static final class Stream implements LoadClient.Listener {
    private final long start;
    private final long[] arrivals;
    private final long[] deliveries;
    private final java.util.function.Consumer<Sample> ok;
    private final java.util.function.Consumer<Throwable> error;
    private int n;
    private int stamped;
    private final AtomicReference<Boolean> ended = new AtomicReference<>(false);

    Stream(
        long start,
        int maxTokens,
        java.util.function.Consumer<Sample> ok,
        java.util.function.Consumer<Throwable> error) {
      this.start = start;
      this.arrivals = new long[maxTokens + 8];
      this.deliveries = new long[maxTokens + 8];
      this.ok = ok;
      this.error = error;
    }

    @Override
    public void onData(long arrivalNanos, long emittedNanos) {
      if (n < arrivals.length) {
        arrivals[n++] = arrivalNanos;
        if (emittedNanos > 0) {
          deliveries[stamped++] = arrivalNanos - emittedNanos;
        }
      }
    }

    @Override
    public void onEnd(int status, byte[] body) {
      if (!ended.compareAndSet(false, true)) {
        return;
      }
      if (status != 200 || n == 0) {
        error.accept(new IllegalStateException("HTTP " + status + " with " + n + " events"));
        return;
      }
      long[] itls = new long[n - 1];
      for (int i = 1; i < n; i++) {
        itls[i - 1] = arrivals[i] - arrivals[i - 1];
      }
      ok.accept(new Sample(arrivals[0] - start, itls, Arrays.copyOf(deliveries, stamped)));
    }

    @Override
    public void onError(Throwable t) {
      if (ended.compareAndSet(false, true)) {
        error.accept(t);
      }
    }
  }

  // ---------------------------------------------------------------- statistics

  /** p50/p99 of TTFT, ITL and delivery, in milliseconds. */
  private record Summary(double[] values) {
    static Summary of(List<Sample> samples) {
      long[] ttft = samples.stream().mapToLong(Sample::ttft).toArray();
      long[] itl = samples.stream().flatMapToLong(s -> Arrays.stream(s.itls())).toArray();
      long[] delivery =
          samples.stream().flatMapToLong(s -> Arrays.stream(s.deliveries())).toArray();
      return new Summary(
          new double[] {
            q(ttft, 0.5),
            q(ttft, 0.99),
            q(itl, 0.5),
            q(itl, 0.99),
            q(delivery, 0.5),
            q(delivery, 0.99)
          });
    }

    Summary minus(Summary o) {
      double[] d = new double[values.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = values[i] - o.values[i];
      }
      return new Summary(d);
    }

    String row(int c, String mode, int requests) {
      StringBuilder sb = new StringBuilder("| " + c + " | " + mode + " | " + requests + " |");
      for (double v : values) {
        sb.append(String.format(Locale.ROOT, " %.3f |", v));
      }
      return sb.toString();
    }

    /** Type-7 quantile in milliseconds. */
    private static double q(long[] xs, double p) {
      if (xs.length == 0) {
        return Double.NaN;
      }
      long[] s = xs.clone();
      Arrays.sort(s);
      double h = (s.length - 1) * p;
      int lo = (int) Math.floor(h);
      int hi = Math.min(lo + 1, s.length - 1);
      return (s[lo] + (h - lo) * (s[hi] - s[lo])) / 1e6;
    }
  }

  // ---------------------------------------------------------------- process facts

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String vmHwm(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return line.substring(6).strip();
      }
    }
    return "unknown";
  }

  /** User + system CPU time of a process (USER_HZ = 100 on Linux). */
  private static long cpuNanos(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return ticks * 10_000_000L;
  }

  /** The five processes using most CPU, as {@code ps} reports them (name and a little more). */
  private static List<String> busiest() throws IOException {
    Process ps =
        new ProcessBuilder("ps", "-eo", "pcpu,etime,args", "--sort=-pcpu")
            .redirectErrorStream(true)
            .start();
    List<String> lines =
        new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    return lines.stream()
        .skip(1)
        .limit(5)
        .map(l -> l.length() > 140 ? l.substring(0, 140) + "…" : l)
        .toList();
  }

  private static String machine() throws IOException {
    String model = "unknown CPU";
    for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
      if (line.startsWith("model name")) {
        model = line.substring(line.indexOf(':') + 1).strip();
        break;
      }
    }
    return Runtime.getRuntime().availableProcessors()
        + " CPUs ("
        + model
        + "), Java "
        + System.getProperty("java.version");
  }
}
