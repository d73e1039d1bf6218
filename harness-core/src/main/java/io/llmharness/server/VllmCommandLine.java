package io.llmharness.server;

import io.llmharness.scenario.Backend;
import io.llmharness.scenario.ServerSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code vllm serve} command line and environment of one server, as the Phase 15 study runs it
 * (seed-system.md §7, vllm-api.md §3, §4.5, §6.3): the same arguments start real vLLM or the
 * emulator.
 */
public final class VllmCommandLine {
  /** NIXL's default side-channel port from vLLM 0.11.1 on. */
  public static final int DEFAULT_SIDE_CHANNEL_PORT = 5600;

  private VllmCommandLine() {}

  /**
   * The arguments after the executable: {@code serve MODEL --host … --port …}.
   *
   * @param port the HTTP port actually used (never 0)
   */
  public static List<String> serveArgs(ServerSpec server, int port, VllmSettings vllm) {
    ServerSettings s = server.settings();
    List<String> args = new ArrayList<>();
    args.add("serve");
    args.add(server.model());
    add(args, "--host", server.node().address());
    add(args, "--port", Integer.toString(port));
    add(args, "--tensor-parallel-size", Integer.toString(s.tensorParallelSize()));
    add(args, "--max-model-len", Integer.toString(s.maxModelLen()));
    s.maxNumBatchedTokens()
        .ifPresent(t -> add(args, "--max-num-batched-tokens", Integer.toString(t)));
    add(args, "--gpu-memory-utilization", number(s.gpuMemoryUtilization()));
    args.add(s.prefixCache() ? "--enable-prefix-caching" : "--no-enable-prefix-caching");
    args.addAll(switches(vllm));
    server.kvBackend().ifPresent(b -> add(args, "--kv-transfer-config", kvTransferConfig(b)));
    VllmSettings.YarnScaling yarn = vllm.yarn();
    if (s.maxModelLen() > yarn.originalMaxPositionEmbeddings()) {
      if (vllm.hasRopeScalingFlag()) {
        add(args, "--rope-scaling", ropeScaling(yarn));
      } else {
        add(args, "--hf-overrides", ropeParameters(yarn));
      }
    }
    args.addAll(vllm.extraArgs());
    return args;
  }

  /**
   * The Phase 15 switches (seed-system.md §7.1) that are on. Request logging needs no flag from
   * vLLM 0.11 on unless it is wanted: requests are logged only with {@code --enable-log-requests}
   * there, and {@code --disable-log-requests} is deprecated or gone; 0.10 and older get {@code
   * --disable-log-requests}.
   */
  private static List<String> switches(VllmSettings vllm) {
    VllmSettings.Switches on = vllm.switches();
    List<String> args = new ArrayList<>();
    if (on.chunkedPrefill()) {
      args.add("--enable-chunked-prefill");
    }
    if (on.enforceEager()) {
      args.add("--enforce-eager");
    }
    if (on.trustRemoteCode()) {
      args.add("--trust-remote-code");
    }
    if (on.logRequests() != vllm.logsRequestsByDefault()) {
      args.add(on.logRequests() ? "--enable-log-requests" : "--disable-log-requests");
    }
    return args;
  }

  /**
   * The environment of one server: for prefill and decode, the NIXL side channel bound to the
   * node's own address and the transport settings of the backend; then the configured extras.
   *
   * @param sideChannelPort the side-channel port actually used (never 0)
   */
  public static Map<String, String> environment(
      ServerSpec server, int sideChannelPort, VllmSettings vllm) {
    Map<String, String> env = new LinkedHashMap<>();
    server
        .kvBackend()
        .ifPresent(
            backend -> {
              env.put("VLLM_NIXL_SIDE_CHANNEL_HOST", server.node().address());
              env.put("VLLM_NIXL_SIDE_CHANNEL_PORT", Integer.toString(sideChannelPort));
              if (backend == Backend.EFA) {
                env.put("FI_PROVIDER", "efa");
                env.put("FI_EFA_USE_DEVICE_RDMA", "1");
                env.put("FI_EFA_FORK_SAFE", "1");
              } else {
                env.put("UCX_TLS", "tcp,self,sm");
                env.put("UCX_NET_DEVICES", "all");
              }
            });
    env.putAll(vllm.env());
    return env;
  }

  /**
   * The {@code --kv-transfer-config} JSON: NixlConnector, with the backend in {@code
   * kv_connector_extra_config.backends} (LIBFABRIC for EFA, UCX for TCP). {@code kv_role} is a
   * placeholder for NixlConnector; vLLM's own tests use {@code kv_both} on both sides.
   */
  public static String kvTransferConfig(Backend backend) {
    String nixlBackend = backend == Backend.EFA ? "LIBFABRIC" : "UCX";
    return "{\"kv_connector\":\"NixlConnector\",\"kv_role\":\"kv_both\","
        + "\"kv_connector_extra_config\":{\"backends\":[\""
        + nixlBackend
        + "\"]}}";
  }

  private static String ropeParameters(VllmSettings.YarnScaling y) {
    return "{\"rope_parameters\":{\"rope_theta\":"
        + number(y.ropeTheta())
        + ",\"rope_type\":\"yarn\",\"factor\":"
        + decimal(y.factor())
        + ",\"original_max_position_embeddings\":"
        + y.originalMaxPositionEmbeddings()
        + "}}";
  }

  private static String ropeScaling(VllmSettings.YarnScaling y) {
    return "{\"rope_type\":\"yarn\",\"factor\":"
        + decimal(y.factor())
        + ",\"original_max_position_embeddings\":"
        + y.originalMaxPositionEmbeddings()
        + "}";
  }

  private static void add(List<String> args, String flag, String value) {
    args.add(flag);
    args.add(value);
  }

  /** Whole numbers without a decimal point, others as Java prints them. */
  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /** Always with a decimal point ({@code 4.0}), as vLLM's examples write the factor. */
  private static String decimal(double v) {
    return String.format(Locale.ROOT, v == Math.rint(v) ? "%.1f" : "%s", v);
  }
}
