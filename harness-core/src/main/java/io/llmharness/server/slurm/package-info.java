/**
 * Servers as Slurm jobs ({@code harness.target=slurm}): {@link
 * io.llmharness.server.slurm.SlurmSettings} ({@code harness.slurm.*}), {@link
 * io.llmharness.server.slurm.SlurmLauncher} (one batch job per server), {@link
 * io.llmharness.server.slurm.SlurmClient} (the Slurm operations it needs; the command-line client
 * is the portable baseline, a slurmrestd client can stand in).
 *
 * <h2>One job per server, not one two-node allocation with a step per server</h2>
 *
 * <p>Each server of a deployment (unified; or prefill, decode and optionally the proxy) is its own
 * batch job asking for exactly what it needs ({@code --gres=gpu:<tensor parallel size>}, none for
 * the proxy). The alternative, one {@code -N2} allocation with an {@code srun} step per server,
 * would guarantee co-scheduling and distinct nodes and save a queue wait when the supervisor
 * restarts a deployment. It was not chosen because:
 *
 * <ul>
 *   <li>a job is exactly a {@link io.llmharness.server.ServerProcess}: its own state, pending
 *       reason, exit code, log file, time limit and {@code scancel}. A server that dies is a job
 *       that ended FAILED, NODE_FAIL or TIMEOUT with Slurm's reason; a dead step leaves its
 *       allocation RUNNING and has no pending reason to report;
 *   <li>deployments differ in shape: a unified one needs one node, a disaggregated one two, the
 *       proxy no GPU. An allocation sized for the largest shape holds GPUs the current deployment
 *       does not use; one sized per deployment is a new job anyway;
 *   <li>slurmrestd can submit, read and cancel jobs but cannot launch steps (steps need {@code
 *       srun} inside the allocation), so only jobs keep the command-line and REST clients behind
 *       one interface;
 *   <li>the launcher contract stays per server ({@code start(name, command, log)}), so the
 *       supervisor drives Slurm exactly as it drives local and SSH processes.
 * </ul>
 *
 * <p>The price, and how it is paid: the jobs of one deployment are scheduled independently, so one
 * may run while the other pends. A job pending for a reason that cannot clear (held, a partition or
 * per-job limit, an invalid account) fails at once with Slurm's reason; any other pending ends at
 * {@code harness.slurm.pendingTimeout}. Distinct nodes for prefill and decode come from pinning
 * ({@code harness.slurm.nodes}) or, unpinned, from {@code --exclude} of the node the other server
 * was allocated.
 *
 * <h2>slurmrestd</h2>
 *
 * <p>Only the command-line client exists. A REST client would implement {@link
 * io.llmharness.server.slurm.SlurmClient} and be passed to {@link
 * io.llmharness.server.slurm.SlurmLauncher#SlurmLauncher(SlurmSettings, SlurmClient)}. It was left
 * out because the one schema testable here (Slurm 22.05's OpenAPI v0.0.38, which {@code
 * .ci/slurm-cluster.sh} serves with {@code SLURM_CI_REST=1}) refuses {@code required_nodes} and
 * {@code excluded_nodes} ("Disabled key"), so it cannot pin servers or keep prefill and decode
 * apart, while the v0.0.40+ schemas of current clusters (job state as a list, environment as a
 * list, exit code as an object) cannot be tested on this machine.
 */
package io.llmharness.server.slurm;
