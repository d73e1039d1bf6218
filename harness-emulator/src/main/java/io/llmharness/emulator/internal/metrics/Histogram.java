package io.llmharness.emulator.internal.metrics;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/** A Prometheus histogram with fixed upper bounds (the last bucket is +Inf). Thread-safe. */
final class Histogram {
  private final double[] bounds;
  private final AtomicLongArray counts;
  private final DoubleAdder sum = new DoubleAdder();

  Histogram(double[] bounds) {
    this.bounds = bounds.clone();
    this.counts = new AtomicLongArray(bounds.length + 1);
  }

  void observe(double value) {
    int i = 0;
    while (i < bounds.length && value > bounds[i]) {
      i++;
    }
    counts.incrementAndGet(i);
    sum.add(value);
  }

  void render(StringBuilder out, String name, String labels) {
    long cumulative = 0;
    for (int i = 0; i <= bounds.length; i++) {
      cumulative += counts.get(i);
      String le = i < bounds.length ? PromText.number(bounds[i]) : "+Inf";
      out.append(name)
          .append("_bucket{")
          .append(labels)
          .append(",le=\"")
          .append(le)
          .append("\"} ")
          .append(PromText.number(cumulative))
          .append('\n');
    }
    out.append(name)
        .append("_count{")
        .append(labels)
        .append("} ")
        .append(PromText.number(cumulative))
        .append('\n');
    out.append(name)
        .append("_sum{")
        .append(labels)
        .append("} ")
        .append(PromText.number(sum.sum()))
        .append('\n');
  }
}
