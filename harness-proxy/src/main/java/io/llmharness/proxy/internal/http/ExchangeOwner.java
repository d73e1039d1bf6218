package io.llmharness.proxy.internal.http;

/** The client connection an exchange belongs to. */
public interface ExchangeOwner {

  /**
   * The exchange wrote its whole response (or gave up); {@code reusable} is false when the
   * connection must close.
   */
  void exchangeDone(boolean reusable);
}
