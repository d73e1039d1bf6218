package io.llmharness.proxy.internal.http;

/** One client request being answered; lives on the client connection's event loop. */
public interface Exchange {

  /** Begins the work; the exchange tells its {@link ExchangeOwner} when it is done. */
  void start();

  /** The client connection closed before the exchange was done. */
  void clientClosed();

  /** The client connection's writability changed (back-pressure). */
  default void writabilityChanged(boolean writable) {}
}
