package io.llmharness.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmharness.client.RequestTiming;
import io.llmharness.results.RequestPhase;
import io.llmharness.results.RequestRecord;
import io.llmharness.scenario.LoadMode;
import io.llmharness.scenario.LoadShape;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The load driver's scheduling logic, with a sender that only counts what is in flight. */
class LoadDriverTest {
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final ConcurrentLinkedQueue<RequestTiming> sent = new ConcurrentLinkedQueue<>();

  private RequestRecord send(RequestTiming timing, CountDownLatch release) {
    sent.add(timing);
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      release.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    inFlight.decrementAndGet();
    return record(timing);
  }

  private static RequestRecord record(RequestTiming t) {
    return new RequestRecord(
        "r" + t.index(),
        t.index(),
        t.phase(),
        0,
        t.scheduledNanos(),
        t.scheduledNanos(),
        OptionalLong.empty(),
        OptionalLong.empty(),
        OptionalLong.empty(),
        OptionalLong.empty(),
        new long[0],
        OptionalInt.empty(),
        OptionalInt.empty(),
        OptionalInt.empty(),
        "",
        Map.of(),
        List.of(),
        Optional.empty());
  }

  @Test
  void continuousLoadKeepsExactlyConcurrencyInFlightAndSendsEveryIndexOnce() {
    CountDownLatch release = new CountDownLatch(0);
    ConcurrentLinkedQueue<RequestRecord> done = new ConcurrentLinkedQueue<>();
    LoadShape load = new LoadShape(0, 10, 4, LoadMode.CONTINUOUS, OptionalDouble.empty(), 1);

    new LoadDriver(load, t -> send(t, release), done::add, 1).run(0, 40, () -> {});

    assertThat(done).hasSize(40);
    assertThat(sent.stream().filter(x -> x.phase() != RequestPhase.COOLDOWN))
        .extracting(RequestTiming::index)
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.IntStream.range(0, 40).boxed().toList());
    assertThat(maxInFlight.get()).isLessThanOrEqualTo(4);
  }

  @Test
  void roundsWaitForTheWholeRoundBeforeTheNext() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    LoadShape load = new LoadShape(0, 3, 4, LoadMode.ROUNDS, OptionalDouble.empty(), 1);
    Thread t =
        new Thread(
            () -> new LoadDriver(load, x -> send(x, release), r -> {}, 1).run(0, 12, () -> {}));
    t.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (inFlight.get() < 4 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }

    assertThat(inFlight.get()).isEqualTo(4);
    assertThat(sent).hasSize(4);
    release.countDown();
    t.join(10_000);
    assertThat(sent).hasSize(12);
    assertThat(maxInFlight.get()).isEqualTo(4);
  }

  @Test
  void openLoopSchedulesEveryRequestAtItsArrivalTimeRegardlessOfCompletions() {
    CountDownLatch release = new CountDownLatch(0);
    LoadShape load = new LoadShape(0, 20, 1, LoadMode.CONTINUOUS, OptionalDouble.of(1000), 1);

    new LoadDriver(load, t -> send(t, release), r -> {}, 5).run(0, 20, () -> {});

    long[] offsets = ArrivalSchedule.offsets(20, 1000, 1, 5);
    List<RequestTiming> byIndex =
        sent.stream().sorted(java.util.Comparator.comparingInt(RequestTiming::index)).toList();
    for (int i = 1; i < 20; i++) {
      assertThat(byIndex.get(i).scheduledNanos() - byIndex.get(0).scheduledNanos())
          .isEqualTo(offsets[i]);
    }
  }

  @Test
  void continuousLoadFlowsFromWarmupIntoMeasurementWithoutWaitingForTheWarmupToDrain()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    LoadShape load = new LoadShape(3, 2, 4, LoadMode.CONTINUOUS, OptionalDouble.empty(), 1);
    AtomicInteger finished = new AtomicInteger();
    List<Integer> finishedAtMeasurementStart = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread t =
        new Thread(
            () ->
                new LoadDriver(load, x -> send(x, release), r -> finished.incrementAndGet(), 1)
                    .run(3, 8, () -> finishedAtMeasurementStart.add(finished.get())));
    t.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (inFlight.get() < 4 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }

    assertThat(sent.stream().filter(x -> x.phase() == RequestPhase.WARMUP)).hasSize(3);
    assertThat(sent.stream().filter(x -> x.phase() == RequestPhase.MEASURED))
        .extracting(RequestTiming::index)
        .containsExactly(0);
    assertThat(inFlight.get()).isEqualTo(4);
    assertThat(finishedAtMeasurementStart).containsExactly(0);
    release.countDown();
    t.join(10_000);
    assertThat(sent.stream().filter(x -> x.phase() == RequestPhase.MEASURED)).hasSize(8);
  }

  @Test
  void continuousLoadKeepsItsConcurrencyUntilTheLastMeasuredRequestThenCancelsTheCooldown()
      throws Exception {
    CountDownLatch lastMeasured = new CountDownLatch(1);
    CountDownLatch cooldownCancelled = new CountDownLatch(1);
    CountDownLatch none = new CountDownLatch(0);
    LoadShape load = new LoadShape(0, 2, 4, LoadMode.CONTINUOUS, OptionalDouble.empty(), 1);
    ConcurrentLinkedQueue<RequestRecord> done = new ConcurrentLinkedQueue<>();
    AtomicInteger cancels = new AtomicInteger();
    LoadDriver driver =
        new LoadDriver(
            load,
            x ->
                send(
                    x,
                    x.phase() == RequestPhase.COOLDOWN
                        ? cooldownCancelled
                        : x.index() == 7 ? lastMeasured : none),
            done::add,
            1,
            () -> {
              cancels.incrementAndGet();
              cooldownCancelled.countDown();
            });
    Thread t = new Thread(() -> driver.run(0, 8, () -> {}));
    t.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (sent.stream().filter(x -> x.phase() == RequestPhase.COOLDOWN).count() < 3
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }

    assertThat(done).hasSize(7);
    assertThat(inFlight.get()).isEqualTo(4);
    assertThat(cancels.get()).isZero();
    lastMeasured.countDown();
    t.join(10_000);
    assertThat(t.isAlive()).isFalse();
    assertThat(cancels.get()).isPositive();
    assertThat(done).hasSize(8).allMatch(r -> r.phase() == RequestPhase.MEASURED);
    assertThat(sent.stream().filter(x -> x.phase() == RequestPhase.COOLDOWN)).hasSize(3);
    assertThat(maxInFlight.get()).isEqualTo(4);
  }

  @Test
  void aWarmupOnlyRunSendsNoCooldown() {
    LoadShape load = new LoadShape(4, 1, 2, LoadMode.CONTINUOUS, OptionalDouble.empty(), 1);

    new LoadDriver(load, x -> send(x, new CountDownLatch(0)), r -> {}, 1).run(4, 0, () -> {});

    assertThat(sent).hasSize(4).allMatch(x -> x.phase() == RequestPhase.WARMUP);
  }

  @Test
  void roundsRunTheHookBetweenTheWarmupAndTheMeasuredRounds() {
    CountDownLatch release = new CountDownLatch(0);
    LoadShape load = new LoadShape(2, 2, 2, LoadMode.ROUNDS, OptionalDouble.empty(), 1);
    List<Integer> sentBeforeHook = new java.util.concurrent.CopyOnWriteArrayList<>();

    new LoadDriver(load, x -> send(x, release), r -> {}, 1)
        .run(2, 4, () -> sentBeforeHook.add(sent.size()));

    assertThat(sentBeforeHook).containsExactly(2);
    assertThat(sent).hasSize(6);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(LoadMode.class)
  void aStoppedDriverSendsNoFurtherRequestAndSkipsTheEndHook(LoadMode mode) {
    LoadShape load = new LoadShape(1, 10, 1, mode, OptionalDouble.empty(), 1);
    java.util.concurrent.atomic.AtomicBoolean stopped =
        new java.util.concurrent.atomic.AtomicBoolean();
    AtomicInteger ends = new AtomicInteger();
    CountDownLatch none = new CountDownLatch(0);

    new LoadDriver(
            load,
            x -> {
              RequestRecord r = send(x, none);
              stopped.set(sent.size() == 3);
              return r;
            },
            r -> {},
            1,
            () -> {},
            stopped::get)
        .run(1, 10, () -> {}, ends::incrementAndGet);

    assertThat(sent).hasSize(3).noneMatch(x -> x.phase() == RequestPhase.COOLDOWN);
    assertThat(ends.get()).as("end-of-measurement hook runs").isZero();
  }

  @Test
  void anOpenLoopDriverStoppedBeforeItsFirstArrivalSendsNothing() {
    LoadShape load = new LoadShape(0, 10, 1, LoadMode.CONTINUOUS, OptionalDouble.of(0.1), 1);
    AtomicInteger ends = new AtomicInteger();

    new LoadDriver(load, x -> send(x, new CountDownLatch(0)), r -> {}, 1, () -> {}, () -> true)
        .run(0, 10, () -> {}, ends::incrementAndGet);

    assertThat(sent).isEmpty();
    assertThat(ends.get()).isZero();
  }

  @Test
  void theEndHookRunsOnceTheLastMeasuredRequestFinishedBeforeTheCooldownIsCancelled() {
    LoadShape load = new LoadShape(0, 2, 2, LoadMode.CONTINUOUS, OptionalDouble.empty(), 1);
    ConcurrentLinkedQueue<RequestRecord> done = new ConcurrentLinkedQueue<>();
    List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    CountDownLatch cooldownCancelled = new CountDownLatch(1);
    CountDownLatch none = new CountDownLatch(0);

    new LoadDriver(
            load,
            x -> send(x, x.phase() == RequestPhase.COOLDOWN ? cooldownCancelled : none),
            done::add,
            1,
            () -> {
              events.add("cancel");
              cooldownCancelled.countDown();
            })
        .run(0, 4, () -> {}, () -> events.add("end after " + done.size() + " measured"));

    assertThat(events).first().isEqualTo("end after 4 measured");
    assertThat(events).filteredOn("end after 4 measured"::equals).hasSize(1);
  }
}
