package io.llmharness.proxy.internal.server;

import io.llmharness.proxy.ProxyConfig;
import io.llmharness.proxy.internal.metrics.ProxyMetrics;
import io.llmharness.proxy.internal.pd.ContextLimits;
import io.llmharness.proxy.internal.pd.PdServices;
import io.llmharness.proxy.internal.upstream.Upstream;
import io.llmharness.proxy.internal.upstream.UpstreamClient;
import io.netty.channel.EventLoop;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What every connection of a running proxy shares. */
final class ProxyRuntime {

  final ProxyConfig config;
  final ProxyMetrics metrics = new ProxyMetrics();
  final List<Upstream> prefills;
  final List<Upstream> decodes;
  final PdServices pd;
  private final AtomicLong nextPrefill = new AtomicLong();
  private final AtomicLong nextDecode = new AtomicLong();
  private final Map<EventLoop, UpstreamClient> clients = new IdentityHashMap<>();

  ProxyRuntime(ProxyConfig config, PrintStream log) {
    this.config = config;
    this.prefills = upstreams("prefill", config.prefill());
    this.decodes = upstreams("decode", config.decode());
    this.pd = new PdServices(config, metrics, new ContextLimits(config.prefillTimeout()), log);
  }

  private static List<Upstream> upstreams(String role, List<URI> urls) {
    List<Upstream> out = new ArrayList<>();
    for (URI u : urls) {
      out.add(Upstream.of(role, u));
    }
    return List.copyOf(out);
  }

  /** Registers the upstream client of a loop; all are registered before the server binds. */
  void register(EventLoop loop, UpstreamClient client) {
    clients.put(loop, client);
  }

  Iterable<UpstreamClient> clients() {
    return clients.values();
  }

  UpstreamClient client(EventLoop loop) {
    UpstreamClient c = clients.get(loop);
    if (c == null) {
      throw new IllegalStateException("no upstream client for event loop " + loop);
    }
    return c;
  }

  Upstream nextPrefill() {
    return prefills.get(Math.floorMod(nextPrefill.getAndIncrement(), prefills.size()));
  }

  Upstream nextDecode() {
    return decodes.get(Math.floorMod(nextDecode.getAndIncrement(), decodes.size()));
  }

  /** Every upstream, prefill servers first. */
  List<Upstream> all() {
    List<Upstream> out = new ArrayList<>(prefills);
    out.addAll(decodes);
    return out;
  }
}
