package io.llmharness.emulator.internal.http;

import io.llmharness.emulator.internal.engine.RemotePrefill;
import java.util.Optional;

/**
 * A validated completion or chat-completion request.
 *
 * @param chat whether it came to {@code /v1/chat/completions}
 * @param id the response {@code id} ({@code cmpl-<rid>} or {@code chatcmpl-<rid>})
 * @param internalId the engine-internal id ({@code remote_request_id} on a producer)
 * @param model the model name echoed in responses
 * @param created the {@code created} timestamp, seconds
 * @param prompt the prompt token ids
 * @param maxTokens tokens to generate at most
 * @param minTokens tokens before EOS may stop generation
 * @param ignoreEos never stop at EOS
 * @param seed the token generator's seed
 * @param stream whether to stream
 * @param includeUsage send the final usage chunk
 * @param continuousUsage put cumulative usage on every chunk
 * @param remoteDecode {@code kv_transfer_params.do_remote_decode}
 * @param remotePrefill the producer's blocks for {@code do_remote_prefill}
 * @param cacheSalt {@code cache_salt} hashed, 0 when absent
 * @param requestIdHeader the X-Request-Id to echo, when enabled
 */
record CompletionRequest(
    boolean chat,
    String id,
    String internalId,
    String model,
    long created,
    int[] prompt,
    int maxTokens,
    int minTokens,
    boolean ignoreEos,
    long seed,
    boolean stream,
    boolean includeUsage,
    boolean continuousUsage,
    boolean remoteDecode,
    Optional<RemotePrefill> remotePrefill,
    long cacheSalt,
    String requestIdHeader) {}
