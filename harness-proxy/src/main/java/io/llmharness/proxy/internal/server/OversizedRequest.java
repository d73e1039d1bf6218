package io.llmharness.proxy.internal.server;

/**
 * Passed down the pipeline instead of a request whose body exceeded the limit.
 *
 * @param declaredLength the request's Content-Length, or -1 when it was chunked
 * @param keepAlive whether the client asked to keep the connection
 */
record OversizedRequest(long declaredLength, boolean keepAlive) {}
