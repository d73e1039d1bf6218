package io.llmharness.bench;

import io.llmharness.client.InferenceClient;
import io.llmharness.results.RequestRecord;
import io.llmharness.runner.ProgressListener;
import io.llmharness.runner.ScenarioRun;
import io.llmharness.runner.internal.ScenarioExecutor;
import io.llmharness.scenario.ScenarioOptions;
import io.llmharness.scenario.ScenarioSpec;
import io.llmharness.scenario.Scenarios;
import io.llmharness.scenario.StageLadder;
import io.llmharness.server.DeploymentPlanner;
import io.llmharness.server.RunningDeployment;
import io.llmharness.server.Supervisor;
import io.llmharness.server.TargetConfig;
import io.llmharness.stats.Quantiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Load driver measuring the harness's own overhead: for every content event, the time the harness
 * stamped it minus the time the emulator wrote it (the emulator's {@code --sse-timestamps} comments
 * carry its {@code System.nanoTime()} just before the write; both clocks are the host's
 * CLOCK_MONOTONIC). The first event's difference is the overhead inside TTFT.
 *
 * <p>Usage: {@code java -cp <test classpath> io.llmharness.bench.HarnessOverhead [concurrency...]};
 * the command used is in BENCHMARKS.md. Bounded: each level sends {@code 20 × concurrency} requests
 * (at least 1,000). After the harness, each level runs the same load through {@link RawSseBaseline}
 * (one blocking socket per stream, no parsing) against the same emulator, the floor the harness's
 * numbers are divided by.
 */
public final class HarnessOverhead {
  private HarnessOverhead() {}

  public static void main(String[] args) throws Exception {
    int[] levels = args.length == 0 ? new int[] {1, 64, 512} : parse(args);
    TargetConfig target =
        TargetConfig.fromProperties(
            Map.of(
                "harness.emulator.profile", "fast",
                "harness.emulator.args", "--sse-timestamps",
                "harness.logs.dir", "target/harness/bench-logs"));
    System.out.println(
        "| client | concurrency | requests | TTFT overhead p50 | p99 | every event p50 | p99 | max |"
            + " JVM VmHWM |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    List<String> ratios = new ArrayList<>();
    try (Supervisor supervisor = new Supervisor(target)) {
      for (int c : levels) {
        ScenarioSpec spec =
            Scenarios.resolve(
                    ScenarioOptions.builder()
                        .promptTokens(128)
                        .maxTokens(32)
                        .concurrency(c)
                        .warmup(c)
                        .iterations(Math.max(20, 1000 / c))
                        .prefixCache(false)
                        .build(),
                    "overhead-c" + c,
                    StageLadder.DEFAULT)
                .get(0);
        RunningDeployment d = supervisor.ensure(new DeploymentPlanner(target).plan(spec));
        ScenarioRun run;
        try (InferenceClient client = new InferenceClient(d.target())) {
          run = new ScenarioExecutor(client, ProgressListener.NONE, r -> {}).execute(spec);
        }
        Overhead harness = harnessOverhead(run.measured());
        row("harness", c, harness);
        Overhead raw =
            baselineOverhead(
                new RawSseBaseline(d.target(), 128, 32).run(c, Math.max(20, 1000 / c) + 1));
        row("raw socket", c, raw);
        ratios.add(
            String.format(
                Locale.ROOT,
                "c=%d: every-event p50 %.2fx, p99 %.2fx the raw socket's",
                c,
                harness.everyQuantile(0.50) / raw.everyQuantile(0.50),
                harness.everyQuantile(0.99) / raw.everyQuantile(0.99)));
      }
    }
    ratios.forEach(System.out::println);
  }

  /** The overhead samples of one run: first content event of each stream, and every event. */
  record Overhead(List<Double> first, List<Double> every, int requests, int failed) {
    Overhead() {
      this(new ArrayList<>(), new ArrayList<>(), 0, 0);
    }

    Overhead add(long[] emitted, long[] seen) {
      for (int i = 0; i < seen.length && i < emitted.length; i++) {
        double ms = (seen[i] - emitted[i]) / 1e6;
        every.add(ms);
        if (i == 0) {
          first.add(ms);
        }
      }
      return new Overhead(first, every, requests + 1, failed);
    }

    Overhead fail() {
      return new Overhead(first, every, requests + 1, failed + 1);
    }

    double everyQuantile(double p) {
      return quantile(every, p);
    }
  }

  private static Overhead harnessOverhead(List<RequestRecord> records) {
    Overhead o = new Overhead();
    for (RequestRecord r : records) {
      // Completions streams: one data event per content token, then the usage event; the comment
      // before each data event carries its emission time.
      o =
          r.succeeded()
              ? o.add(
                  emittedTimes(r.sseComments()).stream().mapToLong(Long::longValue).toArray(),
                  r.contentEventNanos())
              : o.fail();
    }
    return o;
  }

  private static Overhead baselineOverhead(List<RawSseBaseline.Stream> streams) {
    Overhead o = new Overhead();
    for (RawSseBaseline.Stream s : streams) {
      o = s.seen().length == 0 ? o.fail() : o.add(s.emitted(), s.seen());
    }
    return o;
  }

  private static void row(String client, int c, Overhead o) throws IOException {
    System.out.printf(
        Locale.ROOT,
        "| %s | %d | %d (%d failed) | %.3f ms | %.3f ms | %.3f ms | %.3f ms | %.3f ms | %s |%n",
        client,
        c,
        o.requests(),
        o.failed(),
        quantile(o.first(), 0.50),
        quantile(o.first(), 0.99),
        o.everyQuantile(0.50),
        o.everyQuantile(0.99),
        quantile(o.every(), 1.0),
        peakRss());
  }

  private static double quantile(List<Double> values, double p) {
    return Quantiles.type7(values.stream().mapToDouble(Double::doubleValue).toArray(), p);
  }

  static List<Long> emittedTimes(List<String> comments) {
    List<Long> times = new ArrayList<>();
    for (String c : comments) {
      for (String part : c.split(" ")) {
        if (part.startsWith("emitted_ns=")) {
          times.add(Long.parseLong(part.substring("emitted_ns=".length())));
        }
      }
    }
    return times;
  }

  static String peakRss() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return line.substring(6).trim();
      }
    }
    return "?";
  }

  private static int[] parse(String[] args) {
    int[] levels = new int[args.length];
    for (int i = 0; i < args.length; i++) {
      levels[i] = Integer.parseInt(args[i]);
    }
    return levels;
  }
}
