package io.llmharness.emulator.internal.http;

/** The JSON of {@code GET /emulator/emission}: the emission-error distribution. */
final class EmissionReport {
  private EmissionReport() {}

  static byte[] json(EmissionStats.Snapshot s) {
    return Json.bytes(
        g -> {
          g.writeStartObject();
          g.writeStringField(
              "definition",
              "System.nanoTime() just before the SSE write minus the engine's intended emission"
                  + " time");
          g.writeNumberField("events", s.total());
          g.writeNumberField("early_events", s.early());
          g.writeNumberField("p50_us", s.quantileMicros(0.50));
          g.writeNumberField("p90_us", s.quantileMicros(0.90));
          g.writeNumberField("p99_us", s.quantileMicros(0.99));
          g.writeNumberField("p999_us", s.quantileMicros(0.999));
          g.writeNumberField("max_us", s.maxNanos() / 1000);
          g.writeArrayFieldStart("histogram_us");
          for (long[] bucket : s.nonEmpty()) {
            g.writeStartArray();
            g.writeNumber(bucket[0]);
            g.writeNumber(bucket[1]);
            g.writeEndArray();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }
}
