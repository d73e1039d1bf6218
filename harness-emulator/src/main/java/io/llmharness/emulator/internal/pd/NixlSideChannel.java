package io.llmharness.emulator.internal.pd;

import io.llmharness.emulator.internal.engine.EngineRequest;
import io.llmharness.emulator.internal.engine.KvConnector;
import io.llmharness.emulator.internal.engine.RemotePrefill;
import io.llmharness.emulator.internal.http.Transport;
import io.llmharness.emulator.internal.metrics.Metrics;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The emulator's stand-in for NixlConnector: a line protocol over a real TCP socket on {@code
 * VLLM_NIXL_SIDE_CHANNEL_HOST:VLLM_NIXL_SIDE_CHANNEL_PORT}.
 *
 * <pre>
 *   consumer → producer: READ &lt;engine_id&gt; &lt;request_id&gt;\n   reply: OK &lt;blocks&gt;\n | ERR &lt;reason&gt;\n
 *   consumer → producer: DONE &lt;engine_id&gt; &lt;request_id&gt;\n   reply: OK\n | ERR &lt;reason&gt;\n
 * </pre>
 *
 * A producer pins a finished prefill's blocks until a DONE arrives or {@code
 * VLLM_NIXL_ABORT_REQUEST_TIMEOUT} seconds pass. The consumer models the transfer time itself.
 */
public final class NixlSideChannel implements KvConnector {

  private static final int HANDSHAKE_TIMEOUT_SECONDS = 5;

  private final EventLoopGroup group;
  private final String engineId;
  private final String host;
  private final int port;
  private final long abortTimeoutSeconds;
  private final int tensorParallelSize;
  private final Metrics metrics;
  private final Transport transport = Transport.selected();
  private final Map<String, Pinned> pinned = new ConcurrentHashMap<>();
  private Channel server;

  /** Creates the side channel; {@link #start()} binds it. */
  public NixlSideChannel(
      EventLoopGroup group,
      String engineId,
      String host,
      int port,
      long abortTimeoutSeconds,
      int tensorParallelSize,
      Metrics metrics) {
    this.group = group;
    this.engineId = engineId;
    this.host = host;
    this.port = port;
    this.abortTimeoutSeconds = abortTimeoutSeconds;
    this.tensorParallelSize = tensorParallelSize;
    this.metrics = metrics;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** Binds the listener. */
  public void start() throws InterruptedException {
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(transport.serverChannel())
            .option(ChannelOption.SO_REUSEADDR, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new LineBasedFrameDecoder(4096))
                        .addLast(new StringDecoder(StandardCharsets.UTF_8))
                        .addLast(new StringEncoder(StandardCharsets.UTF_8))
                        .addLast(new ProducerHandler());
                  }
                });
    try {
      server = b.bind(new InetSocketAddress(host, port)).sync().channel();
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot listen on the NIXL side channel "
              + host
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "); set VLLM_NIXL_SIDE_CHANNEL_PORT to a free port",
          e);
    }
  }

  public void stop() {
    if (server != null) {
      server.close().syncUninterruptibly();
    }
  }

  // ---------------------------------------------------------------- producer

  @Override
  public String pin(EngineRequest request, int[] blockIds, Runnable release) {
    String id = request.internalId();
    Pinned p = new Pinned(blockIds.length, release);
    pinned.put(id, p);
    p.expiry =
        group
            .next()
            .schedule(
                () -> {
                  if (pinned.remove(id, p)) {
                    p.release.run();
                    metrics.nixlExpired();
                    System.err.printf(
                        "WARNING Releasing expired KV blocks for request %s which were retrieved by"
                            + " %d decode worker(s) within %d seconds.%n",
                        id, p.reads.get(), abortTimeoutSeconds);
                  }
                },
                abortTimeoutSeconds,
                TimeUnit.SECONDS);
    StringBuilder ids = new StringBuilder();
    for (int i = 0; i < blockIds.length; i++) {
      if (i > 0) {
        ids.append(',');
      }
      ids.append(blockIds[i]);
    }
    return "{\"do_remote_prefill\":true,\"do_remote_decode\":false,\"remote_block_ids\":["
        + ids
        + "],\"remote_engine_id\":"
        + quote(engineId)
        + ",\"remote_request_id\":"
        + quote(id)
        + ",\"remote_host\":"
        + quote(host)
        + ",\"remote_port\":"
        + port
        + ",\"tp_size\":"
        + tensorParallelSize
        + "}";
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private final class ProducerHandler extends SimpleChannelInboundHandler<String> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, String line) {
      String[] parts = line.strip().split(" ");
      if (parts.length != 3 || !(parts[0].equals("READ") || parts[0].equals("DONE"))) {
        ctx.writeAndFlush("ERR malformed side-channel message\n");
        return;
      }
      if (!parts[1].equals(engineId)) {
        ctx.writeAndFlush(
            "ERR remote engine id " + parts[1] + " does not match this engine " + engineId + "\n");
        return;
      }
      String id = parts[2];
      if (parts[0].equals("READ")) {
        Pinned p = pinned.get(id);
        if (p == null) {
          ctx.writeAndFlush("ERR no KV blocks for request " + id + " (unknown or expired)\n");
        } else {
          p.reads.incrementAndGet();
          ctx.writeAndFlush("OK " + p.blocks + "\n");
        }
      } else {
        Pinned p = pinned.remove(id);
        if (p == null) {
          System.err.println(
              "WARNING Potentially invalid KV blocks for unrecognized request "
                  + id
                  + " were retrieved by a decode worker. They may have expired.");
          ctx.writeAndFlush("ERR unknown request " + id + "\n");
        } else {
          p.expiry.cancel(false);
          p.release.run();
          ctx.writeAndFlush("OK\n");
        }
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private static final class Pinned {
    final int blocks;
    final Runnable release;
    final AtomicInteger reads = new AtomicInteger();
    volatile ScheduledFuture<?> expiry;

    Pinned(int blocks, Runnable release) {
      this.blocks = blocks;
      this.release = release;
    }
  }

  // ---------------------------------------------------------------- consumer

  @Override
  public void requestBlocks(RemotePrefill remote, PullCallback callback) {
    exchange(
        remote,
        "READ",
        reply -> {
          if (reply.startsWith("OK ")) {
            try {
              callback.granted(Integer.parseInt(reply.substring(3).strip()));
            } catch (NumberFormatException e) {
              callback.failed("malformed reply from the producer: " + reply);
            }
          } else {
            callback.failed(reply.startsWith("ERR ") ? reply.substring(4) : reply);
          }
        });
  }

  @Override
  public void notifyRead(RemotePrefill remote) {
    exchange(
        remote,
        "DONE",
        reply -> {
          if (!reply.equals("OK")) {
            metrics.nixlFailedNotification();
          }
        });
  }

  /** Sends one command on a fresh connection and hands the reply line (or "ERR …") over. */
  private void exchange(RemotePrefill remote, String verb, Consumer<String> onReply) {
    if (remote.port() <= 0 || remote.engineId().isEmpty()) {
      onReply.accept("ERR kv_transfer_params lack remote_engine_id, remote_host or remote_port");
      return;
    }
    AtomicInteger answered = new AtomicInteger();
    Consumer<String> once =
        reply -> {
          if (answered.getAndIncrement() == 0) {
            onReply.accept(reply);
          }
        };
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(transport.socketChannel())
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, HANDSHAKE_TIMEOUT_SECONDS * 1000)
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new ReadTimeoutHandler(HANDSHAKE_TIMEOUT_SECONDS))
                        .addLast(new LineBasedFrameDecoder(4096))
                        .addLast(new StringDecoder(StandardCharsets.UTF_8))
                        .addLast(new StringEncoder(StandardCharsets.UTF_8))
                        .addLast(
                            new SimpleChannelInboundHandler<String>() {
                              @Override
                              protected void channelRead0(ChannelHandlerContext ctx, String line) {
                                once.accept(line.strip());
                                ctx.close();
                              }

                              @Override
                              public void channelInactive(ChannelHandlerContext ctx) {
                                once.accept("ERR the producer closed the side channel");
                              }

                              @Override
                              public void exceptionCaught(ChannelHandlerContext ctx, Throwable e) {
                                once.accept("ERR side channel failed: " + e);
                                ctx.close();
                              }
                            });
                  }
                });
    b.connect(remote.host(), remote.port())
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                once.accept(
                    "ERR cannot reach the NIXL side channel "
                        + remote.host()
                        + ":"
                        + remote.port()
                        + " ("
                        + f.cause()
                        + ")");
                return;
              }
              Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
              ch.writeAndFlush(verb + " " + remote.engineId() + " " + remote.requestId() + "\n");
            });
  }
}
