package io.llmharness.proxy.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HistogramTest {

  @Test
  void aRenderDuringObservationsStaysMonotonic() throws InterruptedException {
    Histogram histogram = new Histogram();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> observers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Thread observer =
          new Thread(
              () -> {
                for (int i = 0; i < 10_000_000 && !stop.get(); i++) {
                  histogram.observeNanos(1_000);
                }
              });
      observer.start();
      observers.add(observer);
    }
    try {
      for (int round = 0;
          round < 1_000_000 && observers.stream().anyMatch(Thread::isAlive);
          round++) {
        StringBuilder sb = new StringBuilder();
        histogram.render(sb, "h", "");
        assertMonotonic(sb.toString());
      }
    } finally {
      stop.set(true);
      for (Thread observer : observers) {
        observer.join();
      }
    }
    StringBuilder last = new StringBuilder();
    histogram.render(last, "h", "");
    assertMonotonic(last.toString());
  }

  private static void assertMonotonic(String text) {
    long previous = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("h_bucket")) {
        long value = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
        assertThat(value).as("cumulative bucket in%n%s", text).isGreaterThanOrEqualTo(previous);
        previous = value;
      } else if (line.startsWith("h_count")) {
        assertThat(Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)))
            .as("count equals the +Inf bucket")
            .isEqualTo(previous);
      }
    }
  }
}
