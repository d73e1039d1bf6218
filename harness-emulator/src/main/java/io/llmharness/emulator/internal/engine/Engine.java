package io.llmharness.emulator.internal.engine;

import io.llmharness.emulator.internal.metrics.Metrics;
import io.llmharness.emulator.internal.profile.LatencyModel;
import io.llmharness.emulator.internal.profile.Link;
import io.llmharness.emulator.internal.tokenizer.Vocabulary;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One engine loop per process, modelled on vLLM's V1 scheduler: continuous batching, chunked
 * prefill bounded by max_num_batched_tokens, at most max_num_seqs running, preemption by recompute
 * when KV blocks run out, a prefix cache, and P/D through a {@link KvConnector}.
 *
 * <p>Time is real: each step's duration comes from the {@link LatencyModel}; the step's outputs are
 * handed to the writers' event loops ahead of time, scheduled for the step's end, so the engine
 * thread never writes and no thread exists per request or token. Consecutive steps follow each
 * other on a virtual clock that does not drift; an idle engine starts its next step when work
 * arrives.
 */
public final class Engine {

  private static final long NO_TIMER = Long.MAX_VALUE;

  /**
   * How long before a step ends the engine builds the next one (at most half a step): the next
   * step's events are then handed to the writers ahead of time, so a late engine wake-up does not
   * delay them. Requests arriving in that last stretch join the step after.
   */
  static final long BUILD_LEAD_NANOS = 1_000_000;

  private final EngineSettings settings;
  private final LatencyModel latency;
  private final BlockPool pool;
  private final Metrics metrics;
  private final Vocabulary vocab;
  private final Optional<KvConnector> connector;
  private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final List<EngineRequest> waiting = new ArrayList<>();
  private final List<EngineRequest> running = new ArrayList<>();
  private final Thread thread;
  private final Emitter emitter = new Emitter();
  private volatile boolean stopped;

  private long clock;
  private long lastStepNanos;
  private boolean idle = true;
  private long transfers;
  private long linkFreeAt;
  private long timerSequence;

  // Scratch lists of the step being built.
  private final List<EngineRequest> scheduled = new ArrayList<>();
  private final BlockPool.IntList scheduledTokens = new BlockPool.IntList();

  /** Creates an engine; call {@link #start()}. */
  public Engine(
      EngineSettings settings, Metrics metrics, Vocabulary vocab, Optional<KvConnector> connector) {
    this.settings = settings;
    this.latency = settings.latency();
    this.pool = new BlockPool(settings.numBlocks(), settings.prefixCaching());
    this.metrics = metrics;
    this.vocab = vocab;
    this.connector = connector;
    this.thread = new Thread(this::loop, "engine-core");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Stops the loop; pending requests are dropped. */
  public void shutdown() {
    stopped = true;
    LockSupport.unpark(thread);
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Adds a request to the waiting queue. Any thread. */
  public void submit(EngineRequest request) {
    execute(() -> addWaiting(request));
  }

  /** Aborts a request (client gone). Any thread. */
  public void abort(EngineRequest request) {
    request.cancel();
    execute(() -> abortNow(request));
  }

  /** Runs a command on the engine thread. Any thread. */
  public void execute(Runnable command) {
    inbox.add(command);
    LockSupport.unpark(thread);
  }

  /** Forgets the cached prefixes of free blocks; completes on the engine thread. */
  public CompletableFuture<Void> resetPrefixCache() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    execute(
        () -> {
          pool.resetPrefixCache();
          done.complete(null);
        });
    return done;
  }

  /** Number of KV blocks. */
  public int numBlocks() {
    return pool.numBlocks();
  }

  // ---------------------------------------------------------------- loop

  private void loop() {
    while (!stopped) {
      try {
        runCommands();
        long now = System.nanoTime();
        runTimers(now);
        now = emitter.dispatchDue(now);
        long buildAt = clock - Math.min(BUILD_LEAD_NANOS, lastStepNanos / 2);
        if (now < buildAt) {
          park(Math.min(Math.min(buildAt, nextTimer()), emitter.wakeAt()) - now);
          continue;
        }
        if (!step(idle ? now : clock)) {
          idle = true;
          long next = Math.min(nextTimer(), emitter.wakeAt());
          park(next == NO_TIMER ? TimeUnit.SECONDS.toNanos(1) : next - System.nanoTime());
        }
      } catch (RuntimeException e) {
        System.err.println("ERROR engine step failed: " + e);
        e.printStackTrace();
      }
    }
  }

  private void park(long nanos) {
    if (nanos > 0 && inbox.isEmpty()) {
      LockSupport.parkNanos(this, nanos);
    }
  }

  private void runCommands() {
    for (Runnable r = inbox.poll(); r != null; r = inbox.poll()) {
      r.run();
    }
  }

  private long nextTimer() {
    Timer t = timers.peek();
    return t == null ? NO_TIMER : t.deadline;
  }

  private void runTimers(long now) {
    while (!timers.isEmpty() && timers.peek().deadline <= now) {
      timers.poll().task.run();
    }
  }

  /** Runs a task on the engine thread at a nanoTime deadline. Engine thread only. */
  void at(long deadline, Runnable task) {
    timers.add(new Timer(deadline, timerSequence++, task));
  }

  private void addWaiting(EngineRequest r) {
    if (r.cancelled) {
      return;
    }
    waiting.add(r);
    updateGauges();
  }

  // ---------------------------------------------------------------- scheduling

  /** Builds and commits one step starting at {@code start}; false when nothing could run. */
  private boolean step(long start) {
    dropCancelledRunning(start);
    scheduled.clear();
    scheduledTokens.clear();
    int budget = settings.maxNumBatchedTokens();
    boolean preempted = false;
    for (int i = 0; i < running.size() && budget > 0; i++) {
      EngineRequest r = running.get(i);
      int n = Math.min(r.sequenceLength() - r.computed, budget);
      boolean ok = ensureBlocks(r, r.computed + n);
      while (!ok) {
        EngineRequest victim = running.get(running.size() - 1);
        preempt(victim);
        preempted = true;
        if (victim == r) {
          break;
        }
        ok = ensureBlocks(r, r.computed + n);
      }
      if (ok) {
        scheduled.add(r);
        scheduledTokens.add(n);
        budget -= n;
      }
    }
    if (!preempted) {
      budget = admitWaiting(budget, start);
    }
    if (scheduled.isEmpty()) {
      updateGauges();
      return false;
    }
    idle = false;
    lastStepNanos = costNanos();
    long end = start + lastStepNanos;
    commit(end);
    clock = end;
    emitter.flush();
    updateGauges();
    return true;
  }

  private int admitWaiting(int budget, long start) {
    for (int i = 0;
        i < waiting.size() && budget > 0 && running.size() < settings.maxNumSeqs();
        i++) {
      EngineRequest r = waiting.get(i);
      if (r.state == EngineRequest.State.WAITING_FOR_REMOTE_KV) {
        continue;
      }
      boolean lookedUp = r.blocks.size() == 0;
      if (lookedUp && !lookUpPrefix(r)) {
        break;
      }
      if (r.state == EngineRequest.State.WAITING
          && r.remotePrefill().isPresent()
          && connector.isPresent()
          && !r.admittedOnce) {
        r.admittedOnce = true;
        r.firstScheduledNanos = start;
        metrics.queueTime((start - r.arrivalNanos) / 1e9);
        metrics.prefixCacheLookup(r.promptLength(), r.notComputed);
        startPull(r);
        continue;
      }
      int n = Math.min(r.sequenceLength() - r.computed, budget);
      if (!ensureBlocks(r, r.computed + n)) {
        if (lookedUp) {
          pool.release(r.blocks);
          r.computed = 0;
          r.notComputed = 0;
          r.hashedBlocks = 0;
        }
        break;
      }
      if (!r.admittedOnce) {
        r.admittedOnce = true;
        metrics.prefixCacheLookup(r.promptLength(), r.notComputed);
        metrics.promptTokens(r.promptLength() - r.notComputed, r.notComputed, 0);
      } else if (lookedUp && r.generated > 0) {
        metrics.prefixCacheLookup(r.promptLength(), r.notComputed);
        metrics.recomputedTokens(r.sequenceLength() - r.notComputed);
      }
      if (r.firstScheduledNanos == 0) {
        r.firstScheduledNanos = start;
        metrics.queueTime((start - r.arrivalNanos) / 1e9);
      }
      waiting.remove(i--);
      r.state = EngineRequest.State.RUNNING;
      running.add(r);
      scheduled.add(r);
      scheduledTokens.add(n);
      budget -= n;
    }
    return budget;
  }

  /**
   * Takes the request's cached prefix (whole blocks, at most prompt − 1 tokens); for a remote
   * prefill also allocates every other block of the prompt. False when blocks are short.
   */
  private boolean lookUpPrefix(EngineRequest r) {
    int bs = settings.blockSize();
    int promptLen = r.promptLength();
    int hitBlocks = 0;
    if (pool.cachingEnabled()) {
      if (r.blockHashes == null) {
        r.blockHashes = BlockHashes.of(r.prompt(), bs, r.cacheSalt());
      }
      hitBlocks = pool.cachedPrefixBlocks(r.blockHashes, (promptLen - 1) / bs);
      pool.takeCached(r.blockHashes, hitBlocks, r.blocks);
    }
    int hits = hitBlocks * bs;
    boolean remote = r.remotePrefill().isPresent() && connector.isPresent() && !r.admittedOnce;
    if (remote && !pool.allocate(blocksFor(promptLen) - hitBlocks, r.blocks)) {
      pool.release(r.blocks);
      return false;
    }
    r.computed = hits;
    r.notComputed = hits;
    r.cachedTokens = Math.max(r.cachedTokens, hits);
    r.hashedBlocks = hitBlocks;
    return true;
  }

  private int blocksFor(int tokens) {
    return (tokens + settings.blockSize() - 1) / settings.blockSize();
  }

  private boolean ensureBlocks(EngineRequest r, int tokens) {
    int need = blocksFor(tokens) - r.blocks.size();
    return need <= 0 || pool.allocate(need, r.blocks);
  }

  private void preempt(EngineRequest victim) {
    running.remove(victim);
    pool.release(victim.blocks);
    victim.computed = 0;
    victim.notComputed = 0;
    victim.hashedBlocks = 0;
    victim.state = EngineRequest.State.WAITING;
    waiting.add(0, victim);
    metrics.preemption();
  }

  private long costNanos() {
    double prefillMs = 0;
    int decoding = 0;
    long context = 0;
    for (int i = 0; i < scheduled.size(); i++) {
      EngineRequest r = scheduled.get(i);
      int n = scheduledTokens.get(i);
      int s = r.computed;
      int seq = r.sequenceLength();
      if (n == 1 && s == seq - 1 && r.generated > 0 && s >= r.promptLength()) {
        decoding++;
        context += seq;
      } else {
        double factor = r.remoteDecode() ? latency.producerPrefillFactor() : 1;
        int base = r.notComputed;
        prefillMs += factor * latency.chunkMs(s - base, s + n - base);
      }
    }
    return Math.round(latency.stepMs(prefillMs, decoding, context) * 1e6);
  }

  private void commit(long end) {
    int stepTokens = 0;
    for (int i = 0; i < scheduled.size(); i++) {
      EngineRequest r = scheduled.get(i);
      int n = scheduledTokens.get(i);
      stepTokens += n;
      r.computed += n;
      cacheFullBlocks(r);
      if (r.computed == r.sequenceLength()) {
        sample(r, end);
      }
    }
    metrics.iteration(stepTokens);
  }

  private void cacheFullBlocks(EngineRequest r) {
    if (r.blockHashes == null) {
      return;
    }
    int bs = settings.blockSize();
    int limit = Math.min(r.computed, r.promptLength()) / bs;
    while (r.hashedBlocks < limit) {
      pool.cacheFull(r.blocks.get(r.hashedBlocks), r.blockHashes[r.hashedBlocks]);
      r.hashedBlocks++;
    }
  }

  private void sample(EngineRequest r, long end) {
    FinishReason finish = null;
    int token;
    double eos = settings.eosProbability();
    if (eos > 0 && !r.ignoreEos() && r.generated >= r.minTokens() && nextDouble(r) < eos) {
      token = r.eosTokenId();
      finish = FinishReason.STOP;
    } else {
      token = vocab.wordWithSpaceId((int) (nextLong(r) >>> 33));
    }
    r.generated++;
    r.output.add(token);
    metrics.generatedTokens(1);
    if (r.generated == 1) {
      r.firstTokenNanos = end;
      metrics.firstToken((end - r.arrivalNanos) / 1e9);
    } else {
      metrics.interTokenLatency((end - r.lastTokenNanos) / 1e9);
    }
    r.lastTokenNanos = end;
    if (finish == null && r.generated >= r.maxTokens()) {
      finish = FinishReason.LENGTH;
    }
    String params = null;
    if (finish != null) {
      params = finish(r, finish, end);
    }
    if (finish != null || r.sink().streaming()) {
      emitter.add(new StepEvent(r, token, r.generated, finish, end, params));
    }
  }

  /** Ends a running request; returns the producer's kv_transfer_params when it pins blocks. */
  private String finish(EngineRequest r, FinishReason reason, long end) {
    running.remove(r);
    waiting.remove(r);
    r.state = EngineRequest.State.FINISHED;
    String params = null;
    if (r.remoteDecode() && reason == FinishReason.LENGTH && connector.isPresent()) {
      BlockPool.IntList pinned = new BlockPool.IntList();
      for (int i = 0; i < r.blocks.size(); i++) {
        pinned.add(r.blocks.get(i));
      }
      r.blocks.clear();
      params = connector.get().pin(r, pinned.toArray(), () -> execute(() -> pool.release(pinned)));
    } else {
      pool.release(r.blocks);
    }
    double e2e = (end - r.arrivalNanos) / 1e9;
    double inference = r.firstScheduledNanos == 0 ? -1 : (end - r.firstScheduledNanos) / 1e9;
    double prefill =
        r.firstTokenNanos == 0 || r.firstScheduledNanos == 0
            ? -1
            : (r.firstTokenNanos - r.firstScheduledNanos) / 1e9;
    double decode = r.firstTokenNanos == 0 ? -1 : (end - r.firstTokenNanos) / 1e9;
    metrics.finished(
        reason, r.promptLength(), r.generated, r.maxTokens(), e2e, inference, prefill, decode);
    return params;
  }

  private void abortNow(EngineRequest r) {
    if (r.state == EngineRequest.State.FINISHED) {
      return;
    }
    if (running.contains(r) && clock > System.nanoTime()) {
      return; // part of the step under way: dropped at its end, by dropCancelledRunning
    }
    if (r.state == EngineRequest.State.WAITING_FOR_REMOTE_KV) {
      connector.ifPresent(c -> r.remotePrefill().ifPresent(c::notifyRead));
    }
    if (!running.contains(r) && !waiting.contains(r)) {
      r.state = EngineRequest.State.FINISHED;
      return;
    }
    finish(r, FinishReason.ABORT, System.nanoTime());
    updateGauges();
  }

  /**
   * Ends the running requests whose clients left, at the boundary of the step they were part of.
   * vLLM's engine core applies aborts between steps, so a request stays in the running set (and in
   * {@code num_requests_running}) until the forward pass it joined is over, and a request that
   * arrives meanwhile waits for that pass like any other.
   */
  private void dropCancelledRunning(long boundary) {
    for (int i = running.size() - 1; i >= 0; i--) {
      EngineRequest r = running.get(i);
      if (r.cancelled) {
        finish(r, FinishReason.ABORT, boundary);
      }
    }
    // A deferred abort whose request was preempted back to the queue meanwhile.
    for (int i = waiting.size() - 1; i >= 0; i--) {
      EngineRequest r = waiting.get(i);
      if (r.cancelled && r.state == EngineRequest.State.WAITING) {
        finish(r, FinishReason.ABORT, boundary);
      }
    }
  }

  private void updateGauges() {
    metrics.gauges(running.size(), waiting.size(), pool.usage());
  }

  // ---------------------------------------------------------------- P/D consumer

  private void startPull(EngineRequest r) {
    r.state = EngineRequest.State.WAITING_FOR_REMOTE_KV;
    RemotePrefill remote = r.remotePrefill().orElseThrow();
    long pullStart = System.nanoTime();
    connector
        .orElseThrow()
        .requestBlocks(
            remote,
            new KvConnector.PullCallback() {
              @Override
              public void granted(int numBlocks) {
                execute(() -> onGranted(r, numBlocks, pullStart));
              }

              @Override
              public void failed(String reason) {
                execute(() -> onPullFailed(r, reason));
              }
            });
  }

  private void onGranted(EngineRequest r, int producerBlocks, long pullStart) {
    if (r.state != EngineRequest.State.WAITING_FOR_REMOTE_KV) {
      return;
    }
    int bs = settings.blockSize();
    int localHitBlocks = r.notComputed / bs;
    int blocks =
        Math.max(0, Math.min(producerBlocks, blocksFor(r.promptLength())) - localHitBlocks);
    long bytes = (long) blocks * bs * settings.bytesPerToken();
    Link link = settings.link().orElseThrow();
    long now = System.nanoTime();
    double factor = settings.phaseA().factorFor(transfers++);
    long occupancy = Math.round(link.occupancyMs(bytes) * factor * 1e6);
    long begin = Math.max(now, linkFreeAt);
    linkFreeAt = begin + occupancy;
    long ready = linkFreeAt + Math.round(link.latencyMs() * factor * 1e6);
    double post = (now - pullStart) / 1e9;
    long descriptors = (long) blocks * settings.numLayers();
    at(ready, () -> onKvArrived(r, (ready - now) / 1e9, post, bytes, descriptors));
  }

  private void onKvArrived(
      EngineRequest r, double xferSeconds, double postSeconds, long bytes, long descriptors) {
    if (r.state != EngineRequest.State.WAITING_FOR_REMOTE_KV) {
      return;
    }
    metrics.nixlTransfer(xferSeconds, postSeconds, bytes, descriptors);
    connector.orElseThrow().notifyRead(r.remotePrefill().orElseThrow());
    int promptLen = r.promptLength();
    int localHits = r.notComputed;
    int external = promptLen - 1 - localHits;
    metrics.externalPrefixCacheLookup(promptLen, Math.max(0, external));
    metrics.promptTokens(1, localHits, Math.max(0, external));
    r.computed = promptLen - 1;
    r.notComputed = promptLen - 1;
    r.state = EngineRequest.State.REMOTE_KV_READY;
  }

  private void onPullFailed(EngineRequest r, String reason) {
    if (r.state != EngineRequest.State.WAITING_FOR_REMOTE_KV) {
      return;
    }
    metrics.nixlFailedTransfer();
    System.err.println(
        "WARNING KV load failed for request "
            + r.internalId()
            + ": "
            + reason
            + (settings.failOnKvLoadError()
                ? "; failing it (kv_load_failure_policy=fail)"
                : "; recomputing it locally (kv_load_failure_policy=recompute)"));
    if (settings.failOnKvLoadError()) {
      long now = System.nanoTime();
      finish(r, FinishReason.ERROR, now);
      emitter.add(new StepEvent(r, -1, 0, FinishReason.ERROR, now, null));
      emitter.flush();
      updateGauges();
    } else {
      metrics.promptTokens(r.promptLength() - r.notComputed, r.notComputed, 0);
      r.state = EngineRequest.State.WAITING;
    }
  }

  // ---------------------------------------------------------------- randomness

  private static long nextLong(EngineRequest r) {
    long z = (r.rng += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static double nextDouble(EngineRequest r) {
    return (nextLong(r) >>> 11) * 0x1.0p-53;
  }

  // ---------------------------------------------------------------- helpers

  private record Timer(long deadline, long sequence, Runnable task) implements Comparable<Timer> {
    @Override
    public int compareTo(Timer o) {
      int c = Long.compare(deadline, o.deadline);
      return c != 0 ? c : Long.compare(sequence, o.sequence);
    }
  }

  /**
   * Groups a step's events per writer thread and hands them over at the step's end.
   *
   * <p>The engine thread itself waits for the end (parks, then spins the last {@link #SPIN_NANOS})
   * and then {@code execute}s one task per writer thread, which wakes that event loop at once;
   * Netty's own timers are not used. Each writer thread has a FIFO of batches in step order and a
   * task delivers every batch up to and including its own, so events leave in step order whatever
   * order the tasks run in.
   */
  private static final class Emitter {
    private static final long SPIN_NANOS = 100_000;

    private final List<EventExecutor> executors = new ArrayList<>(4);
    private final List<List<StepEvent>> batches = new ArrayList<>(4);
    private final List<Outbox> outboxes = new ArrayList<>(4);
    private final java.util.ArrayDeque<Dispatch> pending = new java.util.ArrayDeque<>();

    void add(StepEvent e) {
      EventExecutor ex = e.request.sink().executor();
      int i = executors.indexOf(ex);
      if (i < 0) {
        executors.add(ex);
        batches.add(new ArrayList<>());
        outboxes.add(new Outbox(ex));
        i = executors.size() - 1;
      }
      batches.get(i).add(e);
    }

    /** Queues the step's events; they are handed over by {@link #dispatchDue} at their time. */
    void flush() {
      List<Runnable> tasks = new ArrayList<>(executors.size());
      List<EventExecutor> targets = new ArrayList<>(executors.size());
      long at = Long.MAX_VALUE;
      for (int i = 0; i < executors.size(); i++) {
        List<StepEvent> events = batches.get(i);
        if (events.isEmpty()) {
          continue;
        }
        batches.set(i, new ArrayList<>(events.size()));
        Outbox outbox = outboxes.get(i);
        Batch batch = new Batch(outbox.nextSequence++, events);
        outbox.queue.add(batch);
        at = Math.min(at, events.get(0).intendedNanos);
        tasks.add(() -> outbox.deliverThrough(batch));
        targets.add(outbox.executor);
      }
      if (!tasks.isEmpty()) {
        pending.add(new Dispatch(at, tasks, targets));
      }
    }

    /** When the engine must be awake to hand over the next step. */
    long wakeAt() {
      Dispatch d = pending.peek();
      return d == null ? NO_TIMER : d.at() - SPIN_NANOS;
    }

    /** Hands over every step whose end is due (spinning briefly for one that nearly is). */
    long dispatchDue(long now) {
      while (!pending.isEmpty() && pending.peek().at() - SPIN_NANOS <= now) {
        Dispatch d = pending.poll();
        while (now < d.at()) {
          Thread.onSpinWait();
          now = System.nanoTime();
        }
        for (int i = 0; i < d.tasks().size(); i++) {
          d.executors().get(i).execute(d.tasks().get(i));
        }
        now = System.nanoTime();
      }
      return now;
    }
  }

  private record Dispatch(long at, List<Runnable> tasks, List<EventExecutor> executors) {}

  private record Batch(long sequence, List<StepEvent> events) {}

  /** One writer thread's batches in step order. */
  private static final class Outbox {
    final EventExecutor executor;
    final ConcurrentLinkedQueue<Batch> queue = new ConcurrentLinkedQueue<>();
    long nextSequence; // engine thread only

    Outbox(EventExecutor executor) {
      this.executor = executor;
    }

    /** Runs on the writer thread. */
    void deliverThrough(Batch target) {
      for (Batch b = queue.peek();
          b != null && b.sequence() <= target.sequence();
          b = queue.peek()) {
        queue.poll();
        for (StepEvent e : b.events()) {
          try {
            e.request.sink().onEvent(e);
          } catch (RuntimeException failure) {
            // One broken connection must not stop the others' events.
            System.err.println(
                "ERROR writing an event of " + e.request.internalId() + ": " + failure);
          }
        }
      }
    }
  }
}
