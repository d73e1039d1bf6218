package io.llmharness.server;

import io.llmharness.scenario.Backend;
import java.util.List;
import java.util.Objects;

/**
 * What runs where for a scenario: one unified server, or a prefill server, a decode server and the
 * proxy in front of them. Equal deployments are interchangeable, which is how the supervisor reuses
 * a running one instead of restarting.
 */
public sealed interface Deployment {
  /** The servers to start, in start order (decode before prefill, as vLLM's recipes do). */
  List<ServerSpec> servers();

  /** The backend: unified, EFA or TCP. */
  Backend backend();

  /** A short readable name, also used for log file names: {@code unified-32768-cache}. */
  String name();

  /** One server doing prefill and decode. */
  record Unified(ServerSpec server) implements Deployment {
    public Unified {
      Objects.requireNonNull(server, "server");
      if (server.role() != ServerRole.UNIFIED) {
        throw new IllegalArgumentException("a unified deployment needs a unified server");
      }
    }

    @Override
    public List<ServerSpec> servers() {
      return List.of(server);
    }

    @Override
    public Backend backend() {
      return Backend.UNIFIED;
    }

    @Override
    public String name() {
      return "unified-"
          + server.settings().maxModelLen()
          + (server.settings().prefixCache() ? "-cache" : "-nocache");
    }
  }

  /** Prefill and decode servers joined by NIXL over EFA or TCP, behind the proxy. */
  record Disaggregated(ServerSpec prefill, ServerSpec decode, ProxySpec proxy, Backend backend)
      implements Deployment {
    public Disaggregated {
      Objects.requireNonNull(prefill, "prefill");
      Objects.requireNonNull(decode, "decode");
      Objects.requireNonNull(proxy, "proxy");
      Objects.requireNonNull(backend, "backend");
      if (prefill.role() != ServerRole.PREFILL || decode.role() != ServerRole.DECODE) {
        throw new IllegalArgumentException("a disaggregated deployment needs prefill and decode");
      }
      if (!backend.disaggregated()) {
        throw new IllegalArgumentException("a disaggregated deployment needs EFA or TCP");
      }
    }

    @Override
    public List<ServerSpec> servers() {
      return List.of(decode, prefill);
    }

    @Override
    public String name() {
      return backend.name().toLowerCase(java.util.Locale.ROOT)
          + "-"
          + prefill.settings().maxModelLen()
          + (prefill.settings().prefixCache() ? "-cache" : "-nocache");
    }
  }
}
