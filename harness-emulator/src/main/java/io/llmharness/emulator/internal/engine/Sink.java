package io.llmharness.emulator.internal.engine;

import io.netty.util.concurrent.EventExecutor;

/** Where the engine delivers a request's output: the HTTP exchange that asked for it. */
public interface Sink {

  /** The thread that writes this request's output; events run there at their intended time. */
  EventExecutor executor();

  /** Whether every token is wanted (streaming), or only the final event. */
  boolean streaming();

  /** Receives one event, on {@link #executor()}. */
  void onEvent(StepEvent event);
}
