package io.llmharness.emulator.internal.engine;

/**
 * The {@code kv_transfer_params} of a decode request with {@code do_remote_prefill: true}: where
 * the producer's blocks are.
 *
 * @param engineId the producer's {@code remote_engine_id}
 * @param requestId the producer's {@code remote_request_id}
 * @param host the producer's side-channel host
 * @param port the producer's side-channel port
 * @param numBlocks how many block ids the producer listed
 */
public record RemotePrefill(
    String engineId, String requestId, String host, int port, int numBlocks) {}
