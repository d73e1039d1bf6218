package io.llmharness.emulator.internal.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * A deterministic tokenizer whose pre-tokenizer follows Qwen2's GPT-4-style split: a word with its
 * leading space is one token when the vocabulary has it, each ASCII punctuation character is a
 * token (with a leading space when one precedes it), each digit is a token, runs of newlines and of
 * spaces are tokens, and the last space of a run attaches to the word or punctuation that follows.
 * Anything the vocabulary lacks falls back to one token per UTF-8 byte. Special tokens written in
 * the text are recognised. Decoding concatenates the tokens' bytes, so {@code decode(encode(s))}
 * equals {@code s} for every string.
 */
public final class Tokenizer {

  private final Vocabulary vocab;

  public Tokenizer(Vocabulary vocab) {
    this.vocab = vocab;
  }

  /** The vocabulary this tokenizer uses. */
  public Vocabulary vocabulary() {
    return vocab;
  }

  /** Tokenizes text. */
  public int[] encode(String text) {
    IntBuffer out = new IntBuffer(Math.max(16, text.length() / 4));
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '<' && text.startsWith("<|", i)) {
        int special = matchSpecial(text, i);
        if (special >= 0) {
          out.add(special);
          i += vocab.special(special).length();
          continue;
        }
      }
      if (c == '\'') {
        int len = matchContraction(text, i);
        if (len > 0) {
          emitPiece(text.substring(i, i + len), out);
          i += len;
          continue;
        }
      }
      int cp = text.codePointAt(i);
      if (Character.isLetter(cp)) {
        int end = letterRunEnd(text, i);
        emitPiece(text.substring(i, end), out);
        i = end;
      } else if (c == ' ') {
        int end = i;
        while (end < n && text.charAt(end) == ' ') {
          end++;
        }
        boolean attach = end < n && attachesSpace(text, end);
        int plain = attach ? end - i - 1 : end - i;
        emitRun(' ', plain, Vocabulary.MAX_SPACE_RUN, out);
        i += plain;
        if (attach) {
          char next = text.charAt(end);
          if (isAsciiPunctuation(next)) {
            emitPiece(" " + next, out);
            i = end + 1;
          } else {
            int wordEnd = letterRunEnd(text, end);
            emitPiece(text.substring(i, wordEnd), out);
            i = wordEnd;
          }
        }
      } else if (c == '\n') {
        int end = i;
        while (end < n && text.charAt(end) == '\n') {
          end++;
        }
        emitRun('\n', end - i, Vocabulary.MAX_NEWLINE_RUN, out);
        i = end;
      } else {
        int len = Character.charCount(cp);
        emitBytes(text.substring(i, i + len), out);
        i += len;
      }
    }
    return out.toArray();
  }

  private boolean attachesSpace(String text, int at) {
    char next = text.charAt(at);
    return isAsciiPunctuation(next) || Character.isLetter(text.codePointAt(at));
  }

  private static boolean isAsciiPunctuation(char c) {
    return c < 128 && Vocabulary.PUNCTUATION.indexOf(c) >= 0;
  }

  private static int letterRunEnd(String text, int start) {
    int end = start;
    while (end < text.length()) {
      int cp = text.codePointAt(end);
      if (!Character.isLetter(cp)) {
        break;
      }
      end += Character.charCount(cp);
    }
    return end;
  }

  private int matchSpecial(String text, int at) {
    for (Map.Entry<Integer, String> e : vocab.specials().entrySet()) {
      if (text.startsWith(e.getValue(), at)) {
        return e.getKey();
      }
    }
    return -1;
  }

  private static int matchContraction(String text, int at) {
    for (String contraction : Vocabulary.CONTRACTIONS) {
      if (text.regionMatches(true, at, contraction, 0, contraction.length())) {
        // Like the (?i:'s|'t|...) alternative of Qwen2's pattern, tried before letter runs.
        return contraction.length();
      }
    }
    return 0;
  }

  private void emitRun(char c, int count, int maxRun, IntBuffer out) {
    while (count > 0) {
      int k = Math.min(count, maxRun);
      if (k == 1) {
        out.add(c);
      } else {
        out.add(vocab.idOf(String.valueOf(c).repeat(k)));
      }
      count -= k;
    }
  }

  private void emitPiece(String piece, IntBuffer out) {
    int id = vocab.idOf(piece);
    if (id >= 0) {
      out.add(id);
    } else {
      emitBytes(piece, out);
    }
  }

  private static void emitBytes(String s, IntBuffer out) {
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      out.add(b & 0xff);
    }
  }

  /** Decodes ids into text; invalid UTF-8 becomes U+FFFD. */
  public String decode(int[] ids) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(ids.length * 5);
    for (int id : ids) {
      bytes.writeBytes(vocab.bytes(id));
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** The text of one token, as {@code decode} would render it alone. */
  public String tokenText(int id) {
    return new String(vocab.bytes(id), StandardCharsets.UTF_8);
  }

  /**
   * The token's string as a byte-level BPE tokenizer shows it (GPT-2's byte-to-unicode mapping: a
   * space shows as {@code Ġ}, a newline as {@code Ċ}); special tokens show as themselves.
   */
  public String tokenString(int id) {
    String special = vocab.special(id);
    if (special != null) {
      return special;
    }
    StringBuilder sb = new StringBuilder();
    for (byte b : vocab.bytes(id)) {
      sb.appendCodePoint(ByteLevel.toUnicode(b & 0xff));
    }
    return sb.toString();
  }

  /** A growable int array. */
  static final class IntBuffer {
    private int[] data;
    private int size;

    IntBuffer(int capacity) {
      data = new int[capacity];
    }

    void add(int v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, data.length * 2);
      }
      data[size++] = v;
    }

    int[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }

  /** GPT-2's reversible byte-to-unicode table. */
  static final class ByteLevel {
    private static final int[] TABLE = build();

    private ByteLevel() {}

    static int toUnicode(int b) {
      return TABLE[b];
    }

    private static int[] build() {
      int[] table = new int[256];
      boolean[] direct = new boolean[256];
      for (int b = '!'; b <= '~'; b++) {
        direct[b] = true;
      }
      for (int b = 0xA1; b <= 0xAC; b++) {
        direct[b] = true;
      }
      for (int b = 0xAE; b <= 0xFF; b++) {
        direct[b] = true;
      }
      int next = 256;
      for (int b = 0; b < 256; b++) {
        table[b] = direct[b] ? b : next++;
      }
      return table;
    }
  }
}
