package io.llmharness.scenario;

import java.util.OptionalDouble;

/**
 * How requests are sent: {@code warmup} requests, then {@code iterations × concurrency} measured
 * requests (the seed's count), either closed-loop with {@code concurrency} in flight, or open-loop
 * at {@code requestRate} requests per second with gamma-distributed gaps (burstiness 1 = Poisson).
 *
 * @param warmup warmup requests, of the same shape as the measured ones
 * @param iterations measured iterations; each iteration is {@code concurrency} requests
 * @param concurrency requests in flight (closed loop); in open-loop load there is no cap on
 *     requests in flight (arrivals never wait for each other), and concurrency only scales the
 *     number of measured requests
 * @param mode continuous workers or the seed's rounds (closed loop only)
 * @param requestRate requests per second for open-loop load; empty for closed loop
 * @param burstiness the gamma shape of open-loop gaps: 1 is Poisson, below 1 burstier
 */
public record LoadShape(
    int warmup,
    int iterations,
    int concurrency,
    LoadMode mode,
    OptionalDouble requestRate,
    double burstiness) {

  public LoadShape {
    if (warmup < 0 || iterations < 1 || concurrency < 1) {
      throw new IllegalArgumentException(
          "load needs warmup >= 0, iterations >= 1 and concurrency >= 1, but was ["
              + warmup
              + ", "
              + iterations
              + ", "
              + concurrency
              + "]");
    }
  }

  /** The number of measured requests: iterations × concurrency, as the seed counts them. */
  public int measuredRequests() {
    return iterations * concurrency;
  }

  /** True for open-loop (rate-driven) load. */
  public boolean openLoop() {
    return requestRate.isPresent();
  }
}
