package io.llmharness.server.internal.slurm;

import java.util.Set;

/**
 * Pending reasons that do not clear by waiting: the request itself is wrong for the cluster (a
 * per-job limit, a partition's node or time limit, a feature no node has, an invalid account or
 * QOS), or the job is held. Other reasons ({@code Resources}, {@code Priority}, {@code
 * ReqNodeNotAvail}, group limits) can clear when other jobs end or nodes return.
 */
public final class PendingReasons {
  private static final Set<String> NEVER_CLEAR =
      Set.of(
          "AccountNotAllowed",
          "BadConstraints",
          "DependencyNeverSatisfied",
          "InvalidAccount",
          "InvalidQOS",
          "JobHeldAdmin",
          "JobHeldUser",
          "PartitionConfig",
          "PartitionDown",
          "PartitionInactive",
          "PartitionNodeLimit",
          "PartitionTimeLimit",
          "QOSNotAllowed",
          "launch_failed_requeued_held");

  private PendingReasons() {}

  /** True when a job pending for {@code reason} will not start without a change. */
  public static boolean neverClears(String reason) {
    String r = reason.strip().replace(' ', '_');
    return NEVER_CLEAR.contains(r) || r.endsWith("PerJob") || r.endsWith("PerJobLimit");
  }
}
