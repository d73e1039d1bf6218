package io.llmharness.emulator.internal.http;

import io.llmharness.emulator.internal.engine.EngineRequest;
import io.llmharness.emulator.internal.engine.FinishReason;
import io.llmharness.emulator.internal.engine.Sink;
import io.llmharness.emulator.internal.engine.StepEvent;
import io.llmharness.emulator.internal.fault.FaultPlan;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.EventExecutor;
import java.nio.charset.StandardCharsets;

/**
 * One completion request on the wire: writes vLLM's SSE chunks (or the final JSON body) when the
 * engine's events fall due, applies stream faults, and records emission error. Runs on the
 * channel's event loop.
 */
final class CompletionExchange implements Sink {

  private static final byte[] DATA = ascii("data: ");
  private static final byte[] EVENT_END = ascii("}\n\n");
  private static final byte[] DONE = ascii("data: [DONE]\n\n");
  private static final byte[] CMPL_AFTER_TEXT = ascii("\",\"logprobs\":null,\"finish_reason\":");
  private static final byte[] CMPL_TAIL =
      ascii(",\"stop_reason\":null,\"prompt_token_ids\":null,\"token_ids\":null}],\"usage\":");
  private static final byte[] CHAT_ROLE =
      ascii("\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]");
  private static final byte[] CHAT_CONTENT = ascii("\"content\":\"");
  private static final byte[] CHAT_AFTER_TEXT = ascii("\"},\"logprobs\":null,\"finish_reason\":");
  private static final byte[] CHAT_STOP_REASON = ascii(",\"stop_reason\":null");
  private static final byte[] CHAT_TOKEN_IDS = ascii(",\"token_ids\":null}]");
  private static final byte[] NULL = ascii("null");
  private static final byte[] PROMPT_TOKEN_IDS_NULL = ascii(",\"prompt_token_ids\":null");

  private final Channel channel;
  private final ChannelHandlerContext transport;
  private final ConnectionHandler connection;
  private final ServerContext server;
  private final CompletionRequest request;
  private final FaultPlan faults;
  private final EmissionStats stats;
  private final TokenText tokenText;
  private final byte[] chunkHead;
  private final byte[] usageHead;
  private EngineRequest engineRequest;
  private int contentTokens;
  private boolean roleSent;
  private boolean done;
  private boolean stalled;

  CompletionExchange(
      Channel channel,
      ChannelHandlerContext transport,
      ConnectionHandler connection,
      ServerContext server,
      CompletionRequest request,
      FaultPlan faults,
      EmissionStats stats,
      TokenText tokenText) {
    this.channel = channel;
    this.transport = transport;
    this.connection = connection;
    this.server = server;
    this.request = request;
    this.faults = faults;
    this.stats = stats;
    this.tokenText = tokenText;
    String common =
        "{\"id\":"
            + Json.quoted(request.id())
            + ",\"object\":\""
            + (request.chat() ? "chat.completion.chunk" : "text_completion")
            + "\",\"created\":"
            + request.created()
            + ",\"model\":"
            + Json.quoted(request.model())
            + ",\"choices\":";
    this.chunkHead =
        ("data: "
                + common
                + (request.chat() ? "[{\"index\":0,\"delta\":{" : "[{\"index\":0,\"text\":\""))
            .getBytes(StandardCharsets.UTF_8);
    this.usageHead = ("data: " + common + "[],\"usage\":").getBytes(StandardCharsets.UTF_8);
  }

  void attach(EngineRequest engineRequest) {
    this.engineRequest = engineRequest;
  }

  String requestIdHeader() {
    return request.requestIdHeader();
  }

  @Override
  public EventExecutor executor() {
    return channel.eventLoop();
  }

  @Override
  public boolean streaming() {
    return request.stream();
  }

  /** The client went away: stop the engine work. */
  void cancel() {
    if (!done) {
      done = true;
      if (engineRequest != null) {
        server.engine().abort(engineRequest);
      }
    }
  }

  @Override
  public void onEvent(StepEvent e) {
    if (done || stalled || !channel.isActive()) {
      return;
    }
    if (!request.stream()) {
      respondWhole(e);
      return;
    }
    long now = System.nanoTime();
    stats.record(now - e.intendedNanos());
    ByteBuf buf = channel.alloc().directBuffer(request.chat() ? 768 : 640);
    buf.writeBytes(CHUNK_SIZE_PLACEHOLDER);
    if (e.tokenId() < 0) {
      writeError(buf, now, e.intendedNanos());
      endStream(buf);
      return;
    }
    if (applyStreamFault(buf, now, e.intendedNanos())) {
      return;
    }
    if (request.chat() && !roleSent) {
      roleSent = true;
      writeRoleChunk(buf, now, e.intendedNanos());
    }
    writeTokenChunk(buf, now, e);
    contentTokens++;
    if (e.finish() != null) {
      if (request.includeUsage()) {
        stamp(buf, now, e.intendedNanos());
        buf.writeBytes(usageHead);
        writeUsage(buf, e.completionTokens(), false);
        buf.writeBytes(EVENT_END);
      }
      stamp(buf, now, e.intendedNanos());
      buf.writeBytes(DONE);
      endStream(buf);
    } else {
      writeChunk(buf, true);
    }
  }

  private static final byte[] CHUNK_SIZE_PLACEHOLDER = ascii("000000\r\n");
  private static final byte[] HEX = ascii("0123456789abcdef");

  /**
   * Writes one HTTP chunk built in place: the buffer starts with a 6-digit size placeholder (HTTP
   * allows leading zeros), patched here. The bytes go straight to the transport, bypassing the
   * codec's per-chunk encoding; the final {@link LastHttpContent} still goes through the codec,
   * which writes the terminating chunk and resets its state for the next request.
   */
  private void writeChunk(ByteBuf buf, boolean flush) {
    int size = buf.writerIndex() - CHUNK_SIZE_PLACEHOLDER.length;
    for (int i = 5; i >= 0; i--) {
      buf.setByte(i, HEX[size & 0xf]);
      size >>>= 4;
    }
    buf.writeByte('\r').writeByte('\n');
    if (flush) {
      transport.writeAndFlush(buf, transport.voidPromise());
    } else {
      transport.write(buf, transport.voidPromise());
    }
  }

  /** Applies a stall, drop or error-event fault due before the next content token. */
  private boolean applyStreamFault(ByteBuf buf, long now, long intended) {
    if (!faults.hasStreamFault()) {
      return false;
    }
    if (faults.dropAfter().isPresent() && contentTokens == faults.dropAfter().getAsInt()) {
      buf.release();
      done = true;
      server.engine().abort(engineRequest);
      channel.close();
      return true;
    }
    if (faults.errorEventAfter().isPresent()
        && contentTokens == faults.errorEventAfter().getAsInt()) {
      server.engine().abort(engineRequest);
      writeError(buf, now, intended);
      endStream(buf);
      return true;
    }
    if (faults.stallAfter().isPresent() && contentTokens == faults.stallAfter().getAsInt()) {
      buf.release();
      stalled = true;
      return true;
    }
    return false;
  }

  private void writeError(ByteBuf buf, long now, long intended) {
    stamp(buf, now, intended);
    buf.writeBytes(DATA);
    buf.writeCharSequence(
        Json.pythonDumpsError("Internal server error", "InternalServerError", null, 500),
        StandardCharsets.UTF_8);
    buf.writeByte('\n').writeByte('\n');
    stamp(buf, now, intended);
    buf.writeBytes(DONE);
  }

  private void endStream(ByteBuf buf) {
    done = true;
    writeChunk(buf, false);
    channel
        .writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
        .addListener(f -> connection.exchangeDone(this));
  }

  private void stamp(ByteBuf buf, long now, long intended) {
    if (server.sseTimestamps()) {
      buf.writeBytes(EMITTED);
      Ascii.writeLong(buf, now);
      buf.writeBytes(INTENDED);
      Ascii.writeLong(buf, intended);
      buf.writeByte('\n');
    }
  }

  private static final byte[] EMITTED = ascii(": emitted_ns=");
  private static final byte[] INTENDED = ascii(" intended_ns=");

  private void writeRoleChunk(ByteBuf buf, long now, long intended) {
    stamp(buf, now, intended);
    buf.writeBytes(chunkHead).writeBytes(CHAT_ROLE);
    if (request.continuousUsage()) {
      buf.writeBytes(USAGE_FIELD);
      writeUsage(buf, 0, false);
    }
    buf.writeBytes(PROMPT_TOKEN_IDS_NULL).writeBytes(EVENT_END);
  }

  private static final byte[] USAGE_FIELD = ascii(",\"usage\":");

  private void writeTokenChunk(ByteBuf buf, long now, StepEvent e) {
    stamp(buf, now, e.intendedNanos());
    buf.writeBytes(chunkHead);
    byte[] text = e.isEos() ? EMPTY : tokenText.escaped(e.tokenId());
    if (request.chat()) {
      buf.writeBytes(CHAT_CONTENT).writeBytes(text).writeBytes(CHAT_AFTER_TEXT);
      writeFinish(buf, e.finish());
      if (e.finish() != null) {
        buf.writeBytes(CHAT_STOP_REASON);
      }
      buf.writeBytes(CHAT_TOKEN_IDS);
      if (request.continuousUsage()) {
        buf.writeBytes(USAGE_FIELD);
        writeUsage(buf, e.completionTokens(), false);
      }
    } else {
      buf.writeBytes(text).writeBytes(CMPL_AFTER_TEXT);
      writeFinish(buf, e.finish());
      buf.writeBytes(CMPL_TAIL);
      if (request.continuousUsage()) {
        writeUsage(buf, e.completionTokens(), true);
      } else {
        buf.writeBytes(NULL);
      }
    }
    buf.writeBytes(EVENT_END);
  }

  private static final byte[] EMPTY = new byte[0];

  private static void writeFinish(ByteBuf buf, FinishReason finish) {
    if (finish == null) {
      buf.writeBytes(NULL);
    } else {
      buf.writeByte('"');
      buf.writeCharSequence(finish.wireName(), StandardCharsets.US_ASCII);
      buf.writeByte('"');
    }
  }

  /** {@code {"prompt_tokens":P,"total_tokens":T,"completion_tokens":C[,details]}}. */
  private void writeUsage(ByteBuf buf, int completionTokens, boolean nullDetails) {
    int prompt = request.prompt().length;
    buf.writeCharSequence("{\"prompt_tokens\":", StandardCharsets.US_ASCII);
    Ascii.writeLong(buf, prompt);
    buf.writeCharSequence(",\"total_tokens\":", StandardCharsets.US_ASCII);
    Ascii.writeLong(buf, (long) prompt + completionTokens);
    buf.writeCharSequence(",\"completion_tokens\":", StandardCharsets.US_ASCII);
    Ascii.writeLong(buf, completionTokens);
    int cached = engineRequest == null ? 0 : engineRequest.cachedTokens();
    if (server.promptTokensDetails() && cached > 0) {
      buf.writeCharSequence(
          ",\"prompt_tokens_details\":{\"cached_tokens\":", StandardCharsets.US_ASCII);
      Ascii.writeLong(buf, cached);
      buf.writeByte('}');
    } else if (nullDetails) {
      buf.writeCharSequence(",\"prompt_tokens_details\":null", StandardCharsets.US_ASCII);
    }
    buf.writeByte('}');
  }

  // ---------------------------------------------------------------- non-streaming

  private void respondWhole(StepEvent e) {
    if (e.finish() == null) {
      return;
    }
    done = true;
    if (e.finish() == FinishReason.ERROR) {
      connection.sendError(ApiError.internal(), this);
      return;
    }
    if (faults.hasStreamFault() && faultHitsWhole(e.completionTokens())) {
      return;
    }
    connection.sendJson(ResponseBodies.whole(server, request, e), this);
  }

  /** A stream fault on a non-streaming request: stall (no answer), drop, or HTTP 500. */
  private boolean faultHitsWhole(int generated) {
    if (faults.dropAfter().isPresent() && generated > faults.dropAfter().getAsInt()) {
      channel.close();
      return true;
    }
    if (faults.errorEventAfter().isPresent() && generated > faults.errorEventAfter().getAsInt()) {
      connection.sendError(ApiError.internal(), this);
      return true;
    }
    return faults.stallAfter().isPresent() && generated > faults.stallAfter().getAsInt();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
