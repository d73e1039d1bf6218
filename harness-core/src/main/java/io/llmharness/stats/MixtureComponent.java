package io.llmharness.stats;

/**
 * One component of a fitted two-component mixture, in the units of the data.
 *
 * @param weight the mixing weight, in (0, 1)
 * @param mean the component's mean
 * @param stdev the component's standard deviation
 * @since 0.1.0
 */
public record MixtureComponent(double weight, double mean, double stdev) {}
