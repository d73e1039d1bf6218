package io.llmharness.emulator.internal.profile;

/**
 * The model facts the emulator needs: its name and the shape of its KV cache.
 *
 * @param name the Hugging Face id served by default
 * @param numLayers transformer layers
 * @param numKvHeads key/value heads
 * @param headDim dimension of one head
 * @param dtypeBytes bytes per KV element (2 for bf16)
 * @param maxPositionEmbeddings the derived context length without rope scaling
 */
public record ModelShape(
    String name,
    int numLayers,
    int numKvHeads,
    int headDim,
    int dtypeBytes,
    int maxPositionEmbeddings) {

  public ModelShape {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("model.name is empty; name the Hugging Face model id");
    }
    Profiles.requirePositive("model.num_layers", numLayers);
    Profiles.requirePositive("model.num_kv_heads", numKvHeads);
    Profiles.requirePositive("model.head_dim", headDim);
    Profiles.requirePositive("model.dtype_bytes", dtypeBytes);
    Profiles.requirePositive("model.max_position_embeddings", maxPositionEmbeddings);
  }

  /** KV bytes per token across all ranks: layers × KV heads × head dim × 2 (K and V) × dtype. */
  public long bytesPerToken() {
    return (long) numLayers * numKvHeads * headDim * 2L * dtypeBytes;
  }
}
