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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
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

  private static final long COOLDOWN_CANCEL_POLL_MS = 20;
  private static final long STOP_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final LoadShape load;
  private final Sender sender;
  private final Consumer<RequestRecord> sink;
  private final long seed;
  private final Runnable cancelCooldown;
  private final BooleanSupplier stopped;

  /** A driver whose cooldown requests, if any, are left to finish on their own. */
  public LoadDriver(LoadShape load, Sender sender, Consumer<RequestRecord> sink, long seed) {
    this(load, sender, sink, seed, () -> {});
  }

  /** A driver that is never stopped early. */
  public LoadDriver(
      LoadShape load,
      Sender sender,
      Consumer<RequestRecord> sink,
      long seed,
      Runnable cancelCooldown) {
    this(load, sender, sink, seed, cancelCooldown, () -> false);
  }

  /**
   * A driver that runs {@code cancelCooldown} (which must end the {@link RequestPhase#COOLDOWN}
   * requests in flight) once the last measured request of continuous closed-loop load finished, and
   * again until every worker has returned; and that sends no further request once {@code stopped}
   * is true (the requests in flight then are the caller's to end, e.g. by aborting its client).
   */
  public LoadDriver(
      LoadShape load,
      Sender sender,
      Consumer<RequestRecord> sink,
      long seed,
      Runnable cancelCooldown,
      BooleanSupplier stopped) {
    this.load = load;
    this.sender = sender;
    this.sink = sink;
    this.seed = seed;
    this.cancelCooldown = cancelCooldown;
    this.stopped = stopped;
  }

  /** Like {@link #run(int, int, Runnable, Runnable)} with nothing to run at the end. */
  public void run(int warmup, int measured, Runnable atMeasurementStart) {
    run(warmup, measured, atMeasurementStart, () -> {});
  }

  /**
   * Sends {@code warmup} then {@code measured} requests and returns when all have finished, or once
   * every request in flight has returned after the driver was stopped. {@code atMeasurementStart}
   * runs once, just before the first measured request is sent; {@code atMeasurementEnd} once, just
   * after the last measured request finished (before cooldown requests are cancelled), unless the
   * driver was stopped.
   *
   * <p>Closed-loop continuous and open-loop load flow from warmup straight into measurement, so the
   * measured requests meet the steady state the warmup reached (no re-synchronised first round).
   * Continuous load also keeps its concurrency at the end: a worker with no measured request left
   * sends cooldown requests (not recorded) until the last measured one finished, so the last
   * measured requests are not served by a draining, lighter-loaded server. Rounds keep the phases
   * apart, as the seed did.
   */
  public void run(
      int warmup, int measured, Runnable atMeasurementStart, Runnable atMeasurementEnd) {
    Phases phases = new Phases(warmup, measured, atMeasurementStart);
    Runnable end =
        () -> {
          if (!stopped.getAsBoolean()) {
            atMeasurementEnd.run();
          }
        };
    if (phases.total() == 0) {
      atMeasurementStart.run();
      end.run();
      return;
    }
    if (load.openLoop()) {
      openLoop(phases);
      end.run();
    } else if (load.mode() == LoadMode.ROUNDS) {
      rounds(RequestPhase.WARMUP, warmup);
      if (!stopped.getAsBoolean()) {
        atMeasurementStart.run();
        rounds(RequestPhase.MEASURED, measured);
      }
      end.run();
    } else {
      continuous(phases, end);
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

    int measured() {
      return measured;
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

  private void continuous(Phases phases, Runnable atMeasurementEnd) {
    AtomicInteger next = new AtomicInteger();
    int count = phases.total();
    int workers = Math.min(load.concurrency(), count);
    Tail tail = new Tail(phases.measured());
    ExecutorService pool = Executors.newFixedThreadPool(workers, threads("worker"));
    try {
      List<CompletableFuture<Void>> running = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        CompletableFuture<Void> worker =
            CompletableFuture.runAsync(
                () -> {
                  int g;
                  while (!stopped.getAsBoolean() && (g = next.getAndIncrement()) < count) {
                    RequestRecord record = sender.send(phases.timing(g, RequestTiming.UNSCHEDULED));
                    sink.accept(record);
                    tail.finished(record.phase());
                  }
                  while (tail.measuring() && !stopped.getAsBoolean()) {
                    sender.send(RequestTiming.unscheduled(RequestPhase.COOLDOWN, tail.nextIndex()));
                  }
                },
                pool);
        worker.whenComplete(
            (ok, failure) -> tail.abortIf(failure != null || stopped.getAsBoolean()));
        running.add(worker);
      }
      CompletableFuture<Void> all =
          CompletableFuture.allOf(running.toArray(CompletableFuture[]::new));
      tail.awaitMeasured();
      atMeasurementEnd.run();
      while (!all.isDone()) {
        cancelCooldown.run();
        try {
          all.get(COOLDOWN_CANCEL_POLL_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
          // Not all workers returned yet (cancel again), or one failed (rethrown by join).
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      join(running);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The end of continuous load: how many measured requests are still running. */
  private static final class Tail {
    private final AtomicInteger measuredLeft;
    private final AtomicInteger cooldownIndex = new AtomicInteger();
    private final CountDownLatch measuredDone;

    Tail(int measured) {
      this.measuredLeft = new AtomicInteger(measured);
      this.measuredDone = new CountDownLatch(measured > 0 ? 1 : 0);
    }

    void finished(RequestPhase phase) {
      if (phase == RequestPhase.MEASURED && measuredLeft.decrementAndGet() == 0) {
        measuredDone.countDown();
      }
    }

    /**
     * Ends the cooldown when a worker failed or the driver was stopped, since measured requests
     * will then never all finish.
     */
    void abortIf(boolean failed) {
      if (failed) {
        measuredDone.countDown();
      }
    }

    boolean measuring() {
      return measuredDone.getCount() > 0;
    }

    int nextIndex() {
      return cooldownIndex.getAndIncrement();
    }

    void awaitMeasured() {
      try {
        measuredDone.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void rounds(RequestPhase phase, int count) {
    if (count == 0) {
      return;
    }
    int c = load.concurrency();
    ExecutorService pool = Executors.newFixedThreadPool(c, threads("round"));
    try {
      for (int start = 0; start < count && !stopped.getAsBoolean(); start += c) {
        List<CompletableFuture<Void>> round = new ArrayList<>();
        for (int i = start; i < Math.min(count, start + c); i++) {
          RequestTiming timing = RequestTiming.unscheduled(phase, i);
          round.add(CompletableFuture.runAsync(() -> sendUnlessStopped(timing), pool));
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
        while ((wait = due - System.nanoTime()) > 0 && !stopped.getAsBoolean()) {
          LockSupport.parkNanos(Math.min(wait, STOP_POLL_NANOS));
        }
        if (stopped.getAsBoolean()) {
          break;
        }
        RequestTiming timing = phases.timing(i, due);
        running.add(CompletableFuture.runAsync(() -> sendUnlessStopped(timing), pool));
      }
      join(running);
    } finally {
      pool.shutdownNow();
    }
  }

  private void sendUnlessStopped(RequestTiming timing) {
    if (!stopped.getAsBoolean()) {
      sink.accept(sender.send(timing));
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
