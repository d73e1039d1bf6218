package io.llmharness.proxy.internal.metrics;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** A Prometheus histogram in seconds, safe to update from any thread. */
public final class Histogram {

  /** Upper bounds in seconds: fine below a millisecond (KV extract), up to 640 s (long prefill). */
  static final double[] BOUNDS = {
    0.00001, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
    0.5, 1, 2.5, 5, 10, 20, 40, 80, 160, 320, 640
  };

  private final LongAdder[] buckets = new LongAdder[BOUNDS.length];
  private final LongAdder count = new LongAdder();
  private final DoubleAdder sum = new DoubleAdder();

  public Histogram() {
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
  }

  /** Records a duration given in nanoseconds; negative values count as zero. */
  public void observeNanos(long nanos) {
    double seconds = Math.max(0, nanos) / 1e9;
    for (int i = 0; i < BOUNDS.length; i++) {
      if (seconds <= BOUNDS[i]) {
        buckets[i].increment();
        break;
      }
    }
    count.increment();
    sum.add(seconds);
  }

  /**
   * Appends the series of this histogram with the given name and label set. Observations may land
   * while it renders; the total is never less than the last bucket, so the series stays monotonic.
   */
  void render(StringBuilder sb, String name, String labels) {
    long cumulative = 0;
    for (int i = 0; i < BOUNDS.length; i++) {
      cumulative += buckets[i].sum();
      sb.append(name).append("_bucket{").append(labels);
      if (!labels.isEmpty()) {
        sb.append(',');
      }
      sb.append("le=\"").append(PromText.number(BOUNDS[i])).append("\"} ");
      sb.append(cumulative).append('\n');
    }
    long n = Math.max(count.sum(), cumulative);
    sb.append(name).append("_bucket{").append(labels);
    if (!labels.isEmpty()) {
      sb.append(',');
    }
    sb.append("le=\"+Inf\"} ").append(n).append('\n');
    sb.append(name).append("_count{").append(labels).append("} ").append(n).append('\n');
    sb.append(name)
        .append("_sum{")
        .append(labels)
        .append("} ")
        .append(PromText.number(sum.sum()))
        .append('\n');
  }
}
