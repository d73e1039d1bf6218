package io.llmharness.runner.internal;

import io.llmharness.client.RequestTiming;
import io.llmharness.results.RequestPhase;
import io.llmharness.results.RequestRecord;
import io.llmharness.scenario.LoadMode;
import io.llmharness.scenario.LoadShape;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Sends a phase's requests with the scenario's load shape and hands every finished record to a
 * consumer as soon as it completes. Each in-flight request occupies one thread, which measures it.
 */
public final class LoadDriver {
  /** Sends one request and measures it; must not throw for server or network failures. */
  public interface Sender {
    RequestRecord send(RequestTiming timing);
  }

  private final LoadShape load;
  private final Sender sender;
  private final Consumer<RequestRecord> sink;
  private final long seed;

  public LoadDriver(LoadShape load, Sender sender, Consumer<RequestRecord> sink, long seed) {
    this.load = load;
    this.sender = sender;
    this.sink = sink;
    this.seed = seed;
  }

  /**
   * Sends {@code warmup} then {@code measured} requests and returns when all have finished; {@code
   * atMeasurementStart} runs once, just before the first measured request is sent.
   *
   * <p>Closed-loop continuous and open-loop load flow from warmup straight into measurement, so the
   * measured requests meet the steady state the warmup reached (no re-synchronised first round).
   * Rounds keep the two phases apart, as the seed did.
   */
  public void run(int warmup, int measured, Runnable atMeasurementStart) {
    Phases phases = new Phases(warmup, measured, atMeasurementStart);
    if (phases.total() == 0) {
      atMeasurementStart.run();
      return;
    }
    if (load.openLoop()) {
      openLoop(phases);
    } else if (load.mode() == LoadMode.ROUNDS) {
      rounds(RequestPhase.WARMUP, warmup);
      atMeasurementStart.run();
      rounds(RequestPhase.MEASURED, measured);
    } else {
      continuous(phases);
    }
  }

  /** Request g of the whole run: its phase, its index within the phase, and the start hook. */
  private static final class Phases {
    private final int warmup;
    private final int measured;
    private final Runnable atMeasurementStart;
    private boolean started;

    Phases(int warmup, int measured, Runnable atMeasurementStart) {
      this.warmup = warmup;
      this.measured = measured;
      this.atMeasurementStart = atMeasurementStart;
    }

    int total() {
      return warmup + measured;
    }

    /** The timing of request g, running the start hook first when g is the first measured one. */
    synchronized RequestTiming timing(int g, long scheduledNanos) {
      if (g >= warmup && !started) {
        started = true;
        atMeasurementStart.run();
      }
      return g < warmup
          ? new RequestTiming(RequestPhase.WARMUP, g, scheduledNanos)
          : new RequestTiming(RequestPhase.MEASURED, g - warmup, scheduledNanos);
    }
  }

  private void continuous(Phases phases) {
    AtomicInteger next = new AtomicInteger();
    int count = phases.total();
    int workers = Math.min(load.concurrency(), count);
    ExecutorService pool = Executors.newFixedThreadPool(workers, threads("worker"));
    try {
      List<CompletableFuture<Void>> running = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        running.add(
            CompletableFuture.runAsync(
                () -> {
                  int g;
                  while ((g = next.getAndIncrement()) < count) {
                    sink.accept(sender.send(phases.timing(g, RequestTiming.UNSCHEDULED)));
                  }
                },
                pool));
      }
      join(running);
    } finally {
      pool.shutdownNow();
    }
  }

  private void rounds(RequestPhase phase, int count) {
    if (count == 0) {
      return;
    }
    int c = load.concurrency();
    ExecutorService pool = Executors.newFixedThreadPool(c, threads("round"));
    try {
      for (int start = 0; start < count; start += c) {
        List<CompletableFuture<Void>> round = new ArrayList<>();
        for (int i = start; i < Math.min(count, start + c); i++) {
          RequestTiming timing = RequestTiming.unscheduled(phase, i);
          round.add(CompletableFuture.runAsync(() -> sink.accept(sender.send(timing)), pool));
        }
        join(round);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void openLoop(Phases phases) {
    int count = phases.total();
    long[] offsets =
        ArrivalSchedule.offsets(count, load.requestRate().orElseThrow(), load.burstiness(), seed);
    ExecutorService pool = Executors.newCachedThreadPool(threads("arrival"));
    try {
      List<CompletableFuture<Void>> running = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        long due = start + offsets[i];
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        RequestTiming timing = phases.timing(i, due);
        running.add(CompletableFuture.runAsync(() -> sink.accept(sender.send(timing)), pool));
      }
      join(running);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void join(List<CompletableFuture<Void>> futures) {
    try {
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private static ThreadFactory threads(String kind) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "harness-" + kind + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
