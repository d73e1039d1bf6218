package io.llmharness.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** What a request sends as its prompt: text, or a list of token ids used verbatim by the server. */
public sealed interface PromptPayload {

  /** Hex SHA-256 of the prompt as sent (text as UTF-8; token ids joined by commas). */
  String sha256();

  /** A text prompt (completions {@code prompt}, or the one user message of a chat request). */
  record Text(String text) implements PromptPayload {
    public Text {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public String sha256() {
      return hash(text);
    }

    @Override
    public String toString() {
      return "Text[" + text.length() + " chars]";
    }
  }

  /** A token-id prompt, sent as a JSON array of integers. */
  record TokenIds(int[] ids) implements PromptPayload {
    public TokenIds {
      ids = ids.clone();
    }

    @Override
    public int[] ids() {
      return ids.clone();
    }

    /** The number of ids, without copying them. */
    public int length() {
      return ids.length;
    }

    int id(int i) {
      return ids[i];
    }

    @Override
    public String sha256() {
      StringBuilder sb = new StringBuilder(ids.length * 7);
      for (int i = 0; i < ids.length; i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(ids[i]);
      }
      return hash(sb.toString());
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof TokenIds t && java.util.Arrays.equals(ids, t.ids);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(ids);
    }

    @Override
    public String toString() {
      return "TokenIds[" + ids.length + " ids]";
    }
  }

  private static String hash(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
