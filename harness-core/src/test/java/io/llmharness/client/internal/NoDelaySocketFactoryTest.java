package io.llmharness.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class NoDelaySocketFactoryTest {
  private final NoDelaySocketFactory factory = new NoDelaySocketFactory();

  @Test
  void anUnconnectedSocketHasNagleOffOnceConnected() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket socket = factory.createSocket()) {
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));

      assertThat(socket.getTcpNoDelay()).isTrue();
    }
  }

  @Test
  void aSocketConnectedByTheFactoryHasNagleOff() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket socket =
            factory.createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
      assertThat(socket.getTcpNoDelay()).isTrue();
    }
  }
}
