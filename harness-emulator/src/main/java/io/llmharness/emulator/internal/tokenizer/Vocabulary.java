package io.llmharness.emulator.internal.tokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The id space of the emulator's tokenizer.
 *
 * <p>Layout (stable across runs; the word list is append-only):
 *
 * <ul>
 *   <li>0–255: one token per byte value (the byte fallback);
 *   <li>256…: a space followed by each ASCII punctuation character, runs of 2–8 newlines, runs of
 *       2–16 spaces, the contractions {@code 's 't 're 've 'm 'll 'd}, then for every word of
 *       {@code words.txt} in file order the word itself and the word with a leading space;
 *   <li>151643 {@code <|endoftext|>}, 151644 {@code <|im_start|>}, 151645 {@code <|im_end|>}, at
 *       Qwen's ids;
 *   <li>every other id below {@link #VOCAB_SIZE} is valid input; see {@link #bytes(int)}.
 * </ul>
 */
public final class Vocabulary {

  /** Qwen2.5's padded embedding size: ids at or above it are out of vocabulary. */
  public static final int VOCAB_SIZE = 152064;

  public static final int ENDOFTEXT = 151643;
  public static final int IM_START = 151644;
  public static final int IM_END = 151645;

  static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  static final int MAX_NEWLINE_RUN = 8;
  static final int MAX_SPACE_RUN = 16;
  static final List<String> CONTRACTIONS = List.of("'s", "'t", "'re", "'ve", "'m", "'ll", "'d");

  private static final Map<Integer, String> SPECIALS =
      Map.of(ENDOFTEXT, "<|endoftext|>", IM_START, "<|im_start|>", IM_END, "<|im_end|>");

  private static final Vocabulary DEFAULT = load();

  private final byte[][] pieces;
  private final Map<String, Integer> ids;
  private final int[] wordWithSpaceIds;

  private Vocabulary(List<String> pieceTexts, int[] wordWithSpaceIds) {
    this.pieces = new byte[pieceTexts.size()][];
    Map<String, Integer> map = new HashMap<>(pieceTexts.size() * 2);
    for (int id = 0; id < pieceTexts.size(); id++) {
      String text = pieceTexts.get(id);
      if (id < 256) {
        pieces[id] = new byte[] {(byte) id};
      } else {
        pieces[id] = text.getBytes(StandardCharsets.UTF_8);
        map.putIfAbsent(text, id);
      }
    }
    this.ids = Collections.unmodifiableMap(map);
    this.wordWithSpaceIds = wordWithSpaceIds;
  }

  /** The shipped vocabulary. */
  public static Vocabulary standard() {
    return DEFAULT;
  }

  private static Vocabulary load() {
    List<String> texts = new ArrayList<>();
    for (int b = 0; b < 256; b++) {
      texts.add(null);
    }
    for (char c : PUNCTUATION.toCharArray()) {
      texts.add(" " + c);
    }
    for (int k = 2; k <= MAX_NEWLINE_RUN; k++) {
      texts.add("\n".repeat(k));
    }
    for (int k = 2; k <= MAX_SPACE_RUN; k++) {
      texts.add(" ".repeat(k));
    }
    texts.addAll(CONTRACTIONS);
    List<Integer> spaced = new ArrayList<>();
    for (String word : readWords()) {
      texts.add(word);
      spaced.add(texts.size());
      texts.add(" " + word);
    }
    return new Vocabulary(texts, spaced.stream().mapToInt(Integer::intValue).toArray());
  }

  private static List<String> readWords() {
    List<String> words = new ArrayList<>();
    try (InputStream in = Vocabulary.class.getResourceAsStream("words.txt")) {
      if (in == null) {
        throw new IllegalStateException("words.txt is missing from the emulator's jar");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String word = line.strip();
        if (!word.isEmpty() && !word.startsWith("#")) {
          words.add(word);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return words;
  }

  /** The id of an exact piece of text, or -1 when the text is not a single token. */
  public int idOf(String text) {
    Integer id = ids.get(text);
    return id == null ? -1 : id;
  }

  /** Number of assigned regular pieces (bytes, punctuation, runs, contractions, words). */
  public int pieceCount() {
    return pieces.length;
  }

  /** Ids of the words with a leading space, the tokens the emulator generates. */
  public int wordWithSpaceId(int index) {
    return wordWithSpaceIds[Math.floorMod(index, wordWithSpaceIds.length)];
  }

  /** Number of words with a leading space. */
  public int wordCount() {
    return wordWithSpaceIds.length;
  }

  /** Special token text for an id, or null. */
  public String special(int id) {
    return SPECIALS.get(id);
  }

  /** The special tokens by text. */
  public Map<Integer, String> specials() {
    return SPECIALS;
  }

  /**
   * The UTF-8 bytes an id stands for. Unassigned ids below 151643 decode as a word with a leading
   * space (word {@code id mod wordCount}), so a prompt given as arbitrary ids detokenizes to
   * readable text; reserved ids from 151646 up decode to nothing.
   */
  public byte[] bytes(int id) {
    if (id >= 0 && id < pieces.length) {
      return pieces[id];
    }
    String special = SPECIALS.get(id);
    if (special != null) {
      return special.getBytes(StandardCharsets.UTF_8);
    }
    if (id >= 0 && id < ENDOFTEXT) {
      return pieces[wordWithSpaceId(id)];
    }
    return new byte[0];
  }

  /** Whether an id is valid model input. */
  public static boolean inVocabulary(long id) {
    return id >= 0 && id < VOCAB_SIZE;
  }
}
