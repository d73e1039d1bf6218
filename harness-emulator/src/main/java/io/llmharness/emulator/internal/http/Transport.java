package io.llmharness.emulator.internal.http;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.Locale;

/**
 * The Netty transport: native epoll when available, else NIO ({@code
 * -Dllmharness.emulator.transport=nio} forces NIO). io_uring was tried: it queues the sends and
 * submits them together, which makes the per-event timestamps look better without writing any
 * sooner, so it is not offered.
 */
public enum Transport {
  EPOLL,
  NIO;

  /** The transport this process uses. */
  public static Transport selected() {
    String wanted =
        System.getProperty("llmharness.emulator.transport", "epoll").toLowerCase(Locale.ROOT);
    return !wanted.equals("nio") && Epoll.isAvailable() ? EPOLL : NIO;
  }

  public IoHandlerFactory ioHandlerFactory() {
    return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
  }

  public Class<? extends ServerChannel> serverChannel() {
    return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  public Class<? extends SocketChannel> socketChannel() {
    return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }
}
