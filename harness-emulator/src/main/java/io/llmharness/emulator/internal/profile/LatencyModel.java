package io.llmharness.emulator.internal.profile;

import java.util.List;

/**
 * Step times of the emulated engine. One engine step costs
 *
 * <pre>
 *   step_overhead_ms + max(forward_floor_ms, prefill) + decode_ms_per_seq × B
 *       + decode_ms_per_1k_context × (Σ context of the B decoding requests) / 1000
 * </pre>
 *
 * where {@code prefill} sums, over the prefill chunks in the step, P(e − h) − P(s − h) for a chunk
 * covering prompt positions [s, e) of a request with h tokens not computed locally (prefix-cache
 * hits or KV pulled from a producer), times the producer factor for a P/D prefill request. P(n) = Σ
 * c_k·n^k (k ≥ 1) is the prefill polynomial, so chunks add up to P(n) whatever the chunk size. The
 * decode terms are absent in a step without decoding requests.
 *
 * @param stepOverheadMs fixed cost of every step (scheduling, sampling, output processing)
 * @param forwardFloorMs the least a forward pass costs (reading the weights once)
 * @param prefillPolynomial c_1, c_2, … in milliseconds per token^k
 * @param decodeMsPerSeq cost per decoding request in the batch
 * @param decodeMsPer1kContext cost per thousand tokens of context attended by decoding requests
 * @param producerPrefillFactor multiplies the prefill cost of a request with do_remote_decode
 */
public record LatencyModel(
    double stepOverheadMs,
    double forwardFloorMs,
    List<Double> prefillPolynomial,
    double decodeMsPerSeq,
    double decodeMsPer1kContext,
    double producerPrefillFactor) {

  public LatencyModel {
    prefillPolynomial = List.copyOf(prefillPolynomial);
    Profiles.requireNonNegative("latency.step_overhead_ms", stepOverheadMs);
    Profiles.requireNonNegative("latency.forward_floor_ms", forwardFloorMs);
    Profiles.requireNonNegative("latency.decode_ms_per_seq", decodeMsPerSeq);
    Profiles.requireNonNegative("latency.decode_ms_per_1k_context", decodeMsPer1kContext);
    if (prefillPolynomial.isEmpty() || prefillPolynomial.stream().anyMatch(c -> c < 0)) {
      throw new IllegalArgumentException(
          "latency.prefill_ms_polynomial must list at least one non-negative coefficient");
    }
    if (!(producerPrefillFactor >= 1)) {
      throw new IllegalArgumentException(
          "latency.producer_prefill_factor " + producerPrefillFactor + " must be 1 or more");
    }
  }

  /** P(n) in milliseconds. */
  public double prefillMs(double n) {
    double sum = 0;
    double power = n;
    for (double c : prefillPolynomial) {
      sum += c * power;
      power *= n;
    }
    return sum;
  }

  /** Cost of a prefill chunk over uncached positions [from, to). */
  public double chunkMs(long from, long to) {
    return prefillMs(to) - prefillMs(from);
  }

  /** The duration of a step. */
  public double stepMs(double prefillCostMs, int decoding, long decodeContextTokens) {
    double ms = stepOverheadMs + Math.max(forwardFloorMs, prefillCostMs);
    if (decoding > 0) {
      ms += decodeMsPerSeq * decoding + decodeMsPer1kContext * decodeContextTokens / 1000.0;
    }
    return ms;
  }

  /**
   * The model's TTFT of one request alone on an idle engine: its prompt of {@code promptTokens}
   * with {@code notComputed} tokens it need not compute, prefilled in chunks of at most {@code
   * chunkTokens}; the first token is sampled by the step that completes the prompt.
   */
  public double idleTtftMs(int promptTokens, int notComputed, int chunkTokens, boolean producer) {
    double factor = producer ? producerPrefillFactor : 1;
    double total = 0;
    int start = Math.min(notComputed, promptTokens - 1);
    for (int s = start; s < promptTokens; ) {
      int e = Math.min(promptTokens, s + chunkTokens);
      total += stepMs(factor * chunkMs(s - start, e - start), 0, 0);
      s = e;
    }
    return total;
  }

  /** Time per output token of one request alone at a context length. */
  public double idleTpotMs(long contextTokens) {
    return stepMs(0, 1, contextTokens);
  }
}
