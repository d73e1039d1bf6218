package io.llmharness.results.report.internal;

/**
 * A significant change point of TTFT in request order.
 *
 * @param index the number of requests before the change
 * @param meanBefore the mean of the first {@code index} values, in milliseconds
 * @param meanAfter the mean of the rest, in milliseconds
 */
public record Shift(int index, double meanBefore, double meanAfter) {}
