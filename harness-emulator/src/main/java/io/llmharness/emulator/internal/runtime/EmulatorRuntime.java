package io.llmharness.emulator.internal.runtime;

import io.llmharness.emulator.internal.config.KvTransferConfig;
import io.llmharness.emulator.internal.config.ServeArgs;
import io.llmharness.emulator.internal.engine.Engine;
import io.llmharness.emulator.internal.engine.EngineSettings;
import io.llmharness.emulator.internal.engine.KvConnector;
import io.llmharness.emulator.internal.fault.FaultInjector;
import io.llmharness.emulator.internal.http.HttpServer;
import io.llmharness.emulator.internal.http.ServerContext;
import io.llmharness.emulator.internal.metrics.Metrics;
import io.llmharness.emulator.internal.pd.NixlSideChannel;
import io.llmharness.emulator.internal.profile.Link;
import io.llmharness.emulator.internal.profile.PhaseA;
import io.llmharness.emulator.internal.profile.Profile;
import io.llmharness.emulator.internal.profile.Profiles;
import io.llmharness.emulator.internal.tokenizer.Tokenizer;
import io.llmharness.emulator.internal.tokenizer.Vocabulary;
import io.netty.channel.EventLoopGroup;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds and runs one emulator: profile, engine, side channel and HTTP server. */
public final class EmulatorRuntime implements AutoCloseable {

  /** Largest request body accepted; larger bodies get 413. */
  public static final int MAX_BODY_BYTES = 16 << 20;

  private final EventLoopGroup group;
  private final Engine engine;
  private final HttpServer http;
  private final Optional<NixlSideChannel> sideChannel;
  private final int port;

  private EmulatorRuntime(
      EventLoopGroup group,
      Engine engine,
      HttpServer http,
      Optional<NixlSideChannel> sideChannel,
      int port) {
    this.group = group;
    this.engine = engine;
    this.http = http;
    this.sideChannel = sideChannel;
    this.port = port;
  }

  /** The bound HTTP port. */
  public int port() {
    return port;
  }

  /**
   * Starts an emulator: validates the configuration like vLLM (errors are thrown before anything
   * listens), waits out {@code --startup-delay} with no listening socket, then serves.
   */
  public static EmulatorRuntime start(ServeArgs args, Map<String, String> env, PrintStream log)
      throws InterruptedException {
    long t0 = System.nanoTime();
    args.warnings().forEach(System.err::println);
    Profile profile = Profiles.load(args.profile());
    PhaseA phaseA =
        new PhaseA(
            args.phaseATransfers().orElse(profile.phaseA().transfers()),
            args.phaseAFactor().orElse(profile.phaseA().factor()));
    String model = args.model().orElse(profile.model().name());
    List<String> served =
        args.servedModelNames().isEmpty() ? List.of(model) : args.servedModelNames();
    int maxModelLen =
        ContextLength.resolve(args, profile, "1".equals(env.get("VLLM_ALLOW_LONG_MAX_MODEL_LEN")));
    int blockSize = args.blockSize().orElse(16);
    int maxNumSeqs = args.maxNumSeqs().orElse(profile.defaultMaxNumSeqs());
    int maxBatched = args.maxNumBatchedTokens().orElse(profile.defaultMaxNumBatchedTokens());
    if (maxBatched < maxNumSeqs) {
      throw new IllegalArgumentException(
          "max_num_batched_tokens ("
              + maxBatched
              + ") must be greater than or equal to max_num_seqs ("
              + maxNumSeqs
              + ").");
    }
    int tp = args.tensorParallelSize().orElse(profile.defaultTensorParallelSize());
    long bytesPerToken = profile.model().bytesPerToken();
    long kvTokens = profile.kvCapacity().tokens(args.gpuMemoryUtilization(), tp, bytesPerToken);
    long numBlocks = kvTokens / blockSize;
    if (numBlocks <= 0) {
      throw new IllegalArgumentException(
          "No available memory for the cache blocks. Try increasing `gpu_memory_utilization` when"
              + " initializing the engine.");
    }
    if (numBlocks > Integer.MAX_VALUE / 2) {
      numBlocks = Integer.MAX_VALUE / 2;
    }
    if (maxModelLen > numBlocks * blockSize) {
      throw new IllegalArgumentException(
          "The model's max seq len ("
              + maxModelLen
              + ") is larger than the maximum number of tokens that can be stored in KV cache ("
              + numBlocks * blockSize
              + "). Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when"
              + " initializing the engine.");
    }
    Optional<KvTransferConfig> kv = args.kvTransferConfig().filter(KvTransferConfig::isNixl);
    Optional<Link> link = Optional.empty();
    boolean failOnLoadError = false;
    if (kv.isPresent()) {
      link = profile.linkFor(kv.get().backends());
      if (link.isEmpty()) {
        throw new IllegalArgumentException(
            "kv_connector_extra_config.backends "
                + kv.get().backends()
                + " has no link in profile "
                + profile.name()
                + "; the profile knows "
                + profile.links().keySet());
      }
      failOnLoadError =
          kv.get()
              .loadFailurePolicy()
              .orElse(args.compat().defaultKvLoadFailurePolicy())
              .equals("fail");
    }
    args.kvTransferConfig()
        .filter(c -> !c.isNixl())
        .ifPresent(
            c ->
                System.err.println(
                    "WARNING the emulator models only NixlConnector; kv_connector "
                        + c.connector()
                        + " is ignored"));

    log.println(
        "INFO Starting to load model " + model + "... (emulator profile " + profile.name() + ")");
    Map<String, String> cacheConfig = new LinkedHashMap<>();
    cacheConfig.put("block_size", Integer.toString(blockSize));
    cacheConfig.put("cache_dtype", "auto");
    cacheConfig.put("enable_prefix_caching", args.enablePrefixCaching() ? "True" : "False");
    cacheConfig.put("gpu_memory_utilization", Double.toString(args.gpuMemoryUtilization()));
    cacheConfig.put("num_cpu_blocks", "None");
    cacheConfig.put("num_gpu_blocks", Long.toString(numBlocks));
    Metrics metrics =
        new Metrics(
            served.get(0), args.compat(), kv.isPresent(), maxModelLen, maxBatched, cacheConfig);
    EngineSettings settings =
        new EngineSettings(
            maxModelLen,
            maxNumSeqs,
            maxBatched,
            blockSize,
            (int) numBlocks,
            args.enablePrefixCaching(),
            profile.latency(),
            profile.eosProbability(),
            bytesPerToken,
            profile.model().numLayers(),
            link,
            phaseA,
            failOnLoadError);
    EventLoopGroup group =
        HttpServer.newGroup(Math.max(1, Runtime.getRuntime().availableProcessors()));
    Optional<NixlSideChannel> sideChannel = Optional.empty();
    Engine engine;
    try {
      if (kv.isPresent()) {
        NixlSideChannel channel =
            new NixlSideChannel(
                group,
                kv.get().engineId(),
                env.getOrDefault("VLLM_NIXL_SIDE_CHANNEL_HOST", "localhost"),
                Integer.parseInt(env.getOrDefault("VLLM_NIXL_SIDE_CHANNEL_PORT", "5600")),
                Long.parseLong(env.getOrDefault("VLLM_NIXL_ABORT_REQUEST_TIMEOUT", "480")),
                tp,
                metrics);
        sideChannel = Optional.of(channel);
      }
      engine =
          new Engine(
              settings, metrics, Vocabulary.standard(), sideChannel.map(c -> (KvConnector) c));
      engine.start();
      log.println(
          "INFO GPU KV cache size: "
              + numBlocks * blockSize
              + " tokens ("
              + numBlocks
              + " blocks of "
              + blockSize
              + ")");
      log.println(
          String.format(
              "INFO Maximum concurrency for %d tokens per request: %.2fx",
              maxModelLen, numBlocks * blockSize / (double) maxModelLen));
      long delayNanos = Math.round(args.startupDelaySeconds() * 1e9);
      long wait = t0 + delayNanos - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      if (sideChannel.isPresent()) {
        sideChannel.get().start();
        log.println(
            "INFO NIXL side channel listening on "
                + sideChannel.get().host()
                + ":"
                + sideChannel.get().port()
                + " (engine_id "
                + kv.get().engineId()
                + ")");
      }
      ServerContext context =
          new ServerContext(
              served,
              model,
              maxModelLen,
              args.compat(),
              new Tokenizer(Vocabulary.standard()),
              engine,
              metrics,
              new FaultInjector(args.faults()),
              args.sseTimestamps(),
              args.enablePromptTokensDetails(),
              args.enableForceIncludeUsage(),
              args.enableRequestIdHeaders(),
              args.apiKey(),
              "1".equals(env.get("VLLM_SERVER_DEV_MODE")),
              MAX_BODY_BYTES,
              kv.isPresent());
      HttpServer http = new HttpServer(context, group);
      String host = args.host();
      int port = http.start(host, args.port());
      log.println("INFO Starting vLLM API server 0 on http://" + host + ":" + port);
      log.println("INFO Application startup complete.");
      log.flush();
      return new EmulatorRuntime(group, engine, http, sideChannel, port);
    } catch (RuntimeException | InterruptedException e) {
      sideChannel.ifPresent(NixlSideChannel::stop);
      group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
      throw e;
    }
  }

  @Override
  public void close() {
    http.stop();
    sideChannel.ifPresent(NixlSideChannel::stop);
    engine.shutdown();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
