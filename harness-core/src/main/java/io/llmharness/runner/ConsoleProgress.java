package io.llmharness.runner;

import io.llmharness.results.RequestPhase;
import io.llmharness.results.RequestRecord;
import io.llmharness.scenario.ScenarioSpec;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress on the console: a progress bar with ETA per scenario when the console is interactive,
 * else plain lines (one every 10% and at the end), which CI logs keep readable.
 */
public final class ConsoleProgress implements ProgressListener {
  private final PrintStream out;
  private final boolean interactive;
  private final Map<String, State> states = new ConcurrentHashMap<>();

  private ConsoleProgress(PrintStream out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  /** A bar when {@code System.console()} exists, plain lines otherwise. */
  public static ConsoleProgress auto() {
    return new ConsoleProgress(System.out, System.console() != null);
  }

  /** Plain lines on the given stream (for CI and tests). */
  public static ConsoleProgress plain(PrintStream out) {
    return new ConsoleProgress(out, false);
  }

  @Override
  public void scenarioStarted(ScenarioSpec spec, int requests) {
    State s = new State(requests, System.nanoTime());
    if (interactive) {
      s.bar =
          new ProgressBarBuilder()
              .setTaskName(spec.id())
              .setInitialMax(requests)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(500)
              .showSpeed()
              .build();
    } else {
      out.printf(
          Locale.ROOT,
          "[harness] %s: %d warmup + %d measured requests%n",
          spec.id(),
          spec.load().warmup(),
          spec.load().measuredRequests());
    }
    states.put(spec.id(), s);
  }

  @Override
  public void requestFinished(ScenarioSpec spec, RequestRecord record) {
    State s = states.get(spec.id());
    if (s == null) {
      return;
    }
    int done = s.done.incrementAndGet();
    if (!record.succeeded()) {
      s.errors.incrementAndGet();
    }
    if (s.bar != null) {
      s.bar.step();
      s.bar.setExtraMessage(s.errors.get() > 0 ? s.errors.get() + " errors" : "");
      return;
    }
    int tenth = done * 10 / s.total;
    if (tenth > s.lastTenth.getAndSet(tenth)) {
      long elapsed = System.nanoTime() - s.startNanos;
      long eta = done == 0 ? 0 : elapsed * (s.total - done) / done;
      out.printf(
          Locale.ROOT,
          "[harness] %s: %d/%d (%s) errors %d, elapsed %s, ETA %s%n",
          spec.id(),
          done,
          s.total,
          record.phase() == RequestPhase.WARMUP ? "warmup" : "measured",
          s.errors.get(),
          format(Duration.ofNanos(elapsed)),
          format(Duration.ofNanos(eta)));
    }
  }

  @Override
  public void scenarioFinished(ScenarioSpec spec, String summary) {
    State s = states.remove(spec.id());
    if (s != null && s.bar != null) {
      s.bar.close();
    }
    out.println("[harness] " + spec.id() + ": " + summary);
  }

  @Override
  public void scenarioSkipped(ScenarioSpec spec, String reason) {
    out.println("[harness] " + spec.id() + ": skipped, " + reason);
  }

  @Override
  public void note(ScenarioSpec spec, String message) {
    out.println("[harness] " + spec.id() + ": " + message);
  }

  private static String format(Duration d) {
    long s = d.toSeconds();
    return s >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
        : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }

  private static final class State {
    final int total;
    final long startNanos;
    final AtomicInteger done = new AtomicInteger();
    final AtomicInteger errors = new AtomicInteger();
    final AtomicInteger lastTenth = new AtomicInteger();
    ProgressBar bar;

    State(int total, long startNanos) {
      this.total = Math.max(1, total);
      this.startNanos = startNanos;
    }
  }
}
