package io.llmharness.prompt.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Natural-looking English text from a seed: sentences of 8–20 common words with occasional commas.
 * The text is a sequence of pieces (a word with its leading space, or a punctuation mark), so the
 * text of the first k pieces is always a prefix of the text of the first k + 1: a sizing search can
 * move k freely. Reproducible: the same seed gives the same pieces. Not thread-safe.
 */
public final class WordText {
  private static final List<String> WORDS = loadWords();

  private final SplittableRandom random;
  private final List<String> pieces = new ArrayList<>();
  private final StringBuilder text = new StringBuilder();
  private final List<Integer> ends = new ArrayList<>();
  private int sentenceLeft;

  public WordText(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** The concatenation of the first {@code k} pieces. */
  public String prefix(int k) {
    ensure(k);
    return k == 0 ? "" : text.substring(0, ends.get(k - 1));
  }

  /** The {@code i}-th piece (from 0). */
  public String piece(int i) {
    ensure(i + 1);
    return pieces.get(i);
  }

  private void ensure(int k) {
    while (pieces.size() < k) {
      add(nextPiece());
    }
  }

  private String nextPiece() {
    boolean first = pieces.isEmpty();
    String last = first ? "." : pieces.get(pieces.size() - 1);
    if (sentenceLeft == 0 && !first && !last.equals(".")) {
      return ".";
    }
    if (!last.equals(".") && !last.equals(",") && random.nextInt(100) < 6) {
      return ",";
    }
    if (last.equals(".")) {
      sentenceLeft = 8 + random.nextInt(13);
    }
    sentenceLeft--;
    String word = WORDS.get(random.nextInt(WORDS.size()));
    if (last.equals(".")) {
      word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
    return first ? word : " " + word;
  }

  private void add(String piece) {
    pieces.add(piece);
    text.append(piece);
    ends.add(text.length());
  }

  private static List<String> loadWords() {
    try (InputStream in = WordText.class.getResourceAsStream("/io/llmharness/prompt/words.txt")) {
      if (in == null) {
        throw new IllegalStateException("the word list io/llmharness/prompt/words.txt is missing");
      }
      List<String> words = new ArrayList<>();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        String w = line.strip().toLowerCase(Locale.ROOT);
        if (!w.isEmpty() && !w.startsWith("#")) {
          words.add(w);
        }
      }
      return List.copyOf(words);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
