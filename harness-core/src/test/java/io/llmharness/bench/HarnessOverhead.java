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
 * (at least 200).
 */
public final class HarnessOverhead {
  private HarnessOverhead() {}

  public static void main(String[] args) throws IOException {
    int[] levels = args.length == 0 ? new int[] {1, 64, 512} : parse(args);
    TargetConfig target =
        TargetConfig.fromProperties(
            Map.of(
                "harness.emulator.profile", "fast",
                "harness.emulator.args", "--sse-timestamps",
                "harness.logs.dir", "target/harness/bench-logs"));
    System.out.println(
        "| concurrency | requests | TTFT overhead p50 | p99 | every event p50 | p99 | max | harness VmHWM |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    try (Supervisor supervisor = new Supervisor(target)) {
      for (int c : levels) {
        ScenarioSpec spec =
            Scenarios.resolve(
                    ScenarioOptions.builder()
                        .promptTokens(128)
                        .maxTokens(32)
                        .concurrency(c)
                        .warmup(c)
                        .iterations(Math.max(20, 200 / c))
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
        report(c, run.measured());
      }
    }
  }

  private static void report(int c, List<RequestRecord> records) throws IOException {
    List<Double> first = new ArrayList<>();
    List<Double> every = new ArrayList<>();
    int failed = 0;
    for (RequestRecord r : records) {
      if (!r.succeeded()) {
        failed++;
        continue;
      }
      long[] seen = r.contentEventNanos();
      List<Long> emitted = emittedTimes(r.sseComments());
      // Completions streams: one data event per content token, then the usage event; the comment
      // before each data event carries its emission time.
      for (int i = 0; i < seen.length && i < emitted.size(); i++) {
        double ms = (seen[i] - emitted.get(i)) / 1e6;
        every.add(ms);
        if (i == 0) {
          first.add(ms);
        }
      }
    }
    double[] f = first.stream().mapToDouble(Double::doubleValue).toArray();
    double[] e = every.stream().mapToDouble(Double::doubleValue).toArray();
    java.util.Arrays.sort(e);
    System.out.printf(
        Locale.ROOT,
        "| %d | %d (%d failed) | %.3f ms | %.3f ms | %.3f ms | %.3f ms | %.3f ms | %s |%n",
        c,
        records.size(),
        failed,
        Quantiles.type7(f, 0.50),
        Quantiles.type7(f, 0.99),
        Quantiles.type7(e, 0.50),
        Quantiles.type7(e, 0.99),
        e.length == 0 ? Double.NaN : e[e.length - 1],
        peakRss());
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
