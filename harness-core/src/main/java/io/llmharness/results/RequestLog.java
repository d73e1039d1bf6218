package io.llmharness.results;

import io.llmharness.results.internal.RequestRecordJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of a request log ({@code <scenario-id>.requests.jsonl}), read back.
 *
 * @param records the records, in file order
 * @param truncatedLastLine true when the last line was cut short (a crash during a write) and was
 *     dropped
 * @since 0.1.0
 */
public record RequestLog(List<RequestRecord> records, boolean truncatedLastLine) {
  public RequestLog {
    records = List.copyOf(records);
  }

  /**
   * Reads {@code path}; a missing file reads as empty. Only the last line may be damaged (the
   * writer appends whole lines, so a crash can only cut the last one); it is dropped.
   *
   * @throws IOException if the file cannot be read, or a line before the last is not a record
   */
  public static RequestLog read(Path path) throws IOException {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return new RequestLog(List.of(), false);
    }
    String[] lines = text.split("\n", -1);
    List<RequestRecord> records = new ArrayList<>();
    // After a final newline split() yields one empty string; anything else there is a cut line.
    int last = lines.length - 1;
    for (int i = 0; i < last; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      try {
        records.add(RequestRecordJson.read(lines[i]));
      } catch (IOException e) {
        throw new IOException(
            "Line "
                + (i + 1)
                + " of ["
                + path
                + "] is not a request record ("
                + e.getMessage()
                + "); only the last line may be damaged, so the file is corrupt.",
            e);
      }
    }
    boolean truncated = false;
    if (!lines[last].isBlank()) {
      try {
        records.add(RequestRecordJson.read(lines[last]));
      } catch (IOException e) {
        truncated = true;
      }
    }
    return new RequestLog(records, truncated);
  }
}
