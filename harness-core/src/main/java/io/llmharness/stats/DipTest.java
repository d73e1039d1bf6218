package io.llmharness.stats;

/**
 * Hartigans' dip test of unimodality: the dip statistic, its Monte Carlo p-value against the
 * uniform distribution (the least favourable unimodal null), and the modal interval.
 *
 * @param statistic the dip, between {@code 1/(2n)} and 1/4
 * @param pValue {@code (1 + #{simulated dip >= statistic}) / (simulations + 1)}
 * @param simulations how many uniform samples were simulated
 * @param modalLow the lower end of the modal interval (a data value)
 * @param modalHigh the upper end of the modal interval (a data value)
 * @since 0.1.0
 */
public record DipTest(
    double statistic, double pValue, int simulations, double modalLow, double modalHigh) {}
