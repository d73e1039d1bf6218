package io.llmharness.emulator.internal.http;

import io.llmharness.emulator.internal.tokenizer.Tokenizer;

/** JSON-escaped UTF-8 text of each token, computed once (the SSE hot path only copies bytes). */
final class TokenText {
  private final Tokenizer tokenizer;
  private final byte[][] cache;

  TokenText(Tokenizer tokenizer) {
    this.tokenizer = tokenizer;
    this.cache = new byte[tokenizer.vocabulary().pieceCount()][];
    for (int id = 0; id < cache.length; id++) {
      cache[id] = Json.escapedUtf8(tokenizer.tokenText(id));
    }
  }

  byte[] escaped(int id) {
    if (id >= 0 && id < cache.length) {
      return cache[id];
    }
    return Json.escapedUtf8(tokenizer.tokenText(id));
  }
}
