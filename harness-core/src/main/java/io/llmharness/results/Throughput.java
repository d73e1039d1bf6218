package io.llmharness.results;

/**
 * Scenario-level rates over the successful measured requests.
 *
 * @param requestsPerSecond the seed's {@code throughput_rps}: successes / (latest end − earliest
 *     hand-off), pauses between requests included
 * @param requestsPerSecondBusy successes / the length of the union of the requests' [hand-off, end]
 *     intervals, i.e. without the time no request was in flight
 * @param outputTokensPerSecond total {@code usage.completion_tokens} / the same span as {@code
 *     requestsPerSecond}
 * @param spanSeconds latest end − earliest hand-off
 * @param busySeconds the length of the union of the request intervals
 * @param completionTokens total {@code usage.completion_tokens}
 * @since 0.1.0
 */
public record Throughput(
    double requestsPerSecond,
    double requestsPerSecondBusy,
    double outputTokensPerSecond,
    double spanSeconds,
    double busySeconds,
    long completionTokens) {}
