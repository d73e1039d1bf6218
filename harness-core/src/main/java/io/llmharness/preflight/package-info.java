/**
 * Preflight checks that decide whether a long run is worth starting: the baseline bandwidth between
 * two nodes (TCP with iperf3, RDMA with libfabric's {@code fi_rdm_bw} or {@code fi_pingpong}) and
 * whether GPUDirect RDMA is active on a node.
 *
 * <p>Entry points: {@link io.llmharness.preflight.BandwidthBaseline#measure}, {@link
 * io.llmharness.preflight.GpuDirectCheck#run} and the command line {@link
 * io.llmharness.preflight.PreflightMain}. Commands run on a {@link
 * io.llmharness.preflight.CommandRunner}: the local host, a network namespace, or a node reached
 * over SSH.
 */
package io.llmharness.preflight;
