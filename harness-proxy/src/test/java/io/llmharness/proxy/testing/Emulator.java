package io.llmharness.proxy.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A harness-emulator process on loopback, with NixlConnector P/D unless told otherwise. */
public final class Emulator implements AutoCloseable {

  /** The emulator's name for NIXL over EFA. */
  public static final String EFA = "LIBFABRIC";

  /** The emulator's name for NIXL over TCP. */
  public static final String TCP = "UCX";

  private final JavaProcess process;
  private final int port;

  private Emulator(JavaProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** A P/D-capable emulator (kv_both) whose KV transfers use {@code backend}. */
  public static Emulator pd(String backend, String... extraArgs) {
    List<String> args = new ArrayList<>(List.of("--kv-transfer-config", kvConfig(backend)));
    args.addAll(List.of(extraArgs));
    return start(true, args);
  }

  /** An emulator without a KV connector (its prefill returns no kv_transfer_params). */
  public static Emulator plain(String... extraArgs) {
    return start(false, List.of(extraArgs));
  }

  /** A P/D-capable emulator with the given JVM options (benchmarks use the JVM's defaults). */
  public static Emulator pdWithJvm(List<String> jvmArgs, String backend, String... extraArgs) {
    List<String> args = new ArrayList<>(List.of("--kv-transfer-config", kvConfig(backend)));
    args.addAll(List.of(extraArgs));
    return start(true, jvmArgs, args);
  }

  /** The {@code --kv-transfer-config} JSON for {@code backend}. */
  public static String kvConfig(String backend) {
    return "{\"kv_connector\":\"NixlConnector\",\"kv_role\":\"kv_both\","
        + "\"kv_connector_extra_config\":{\"backends\":[\""
        + backend
        + "\"]}}";
  }

  private static Emulator start(boolean pd, List<String> extra) {
    return start(pd, List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), extra);
  }

  private static Emulator start(boolean pd, List<String> jvmArgs, List<String> extra) {
    int port = JavaProcess.freePort();
    List<String> args = new ArrayList<>(List.of("serve", "m", "--profile", "fast"));
    args.addAll(extra);
    args.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port)));
    Map<String, String> env =
        pd
            ? Map.of(
                "VLLM_NIXL_SIDE_CHANNEL_HOST",
                "127.0.0.1",
                "VLLM_NIXL_SIDE_CHANNEL_PORT",
                Integer.toString(JavaProcess.freePort()))
            : Map.of();
    JavaProcess p =
        JavaProcess.start("emulator", "io.llmharness.emulator.EmulatorMain", jvmArgs, args, env);
    Emulator e = new Emulator(p, port);
    try {
      p.awaitListening(port, Duration.ofSeconds(60));
    } catch (RuntimeException ex) {
      p.close();
      throw ex;
    }
    return e;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The value of a Prometheus series of {@code /metrics} (0 when absent). */
  public double metric(String series) {
    return Prometheus.value(RawHttp.get(port, "/metrics").text(), series);
  }

  public String output() {
    return process.output();
  }

  /** The process id. */
  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.close();
  }
}
