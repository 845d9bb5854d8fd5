package org.affinity.embedding.onnx.internal;

/**
 * How a model runs.
 *
 * @param intraOpThreads ONNX Runtime threads per session run (0: one per core, ONNX Runtime's choice)
 * @param batchSize most texts in one session run; concurrent calls are coalesced up to it
 * @param cacheSize texts whose vectors are kept (least recently used go first); 0 disables the cache
 */
public record EmbeddingSettings(int intraOpThreads, int batchSize, int cacheSize) {

    /** What the service runs with unless configured otherwise. */
    public static final EmbeddingSettings DEFAULTS = new EmbeddingSettings(1, 32, 10_000);

    public EmbeddingSettings {
        if (intraOpThreads < 0 || batchSize < 1 || cacheSize < 0) {
            throw new IllegalArgumentException("threads >= 0, batch size >= 1 and cache size >= 0, not "
                    + intraOpThreads + ", " + batchSize + ", " + cacheSize);
        }
    }
}
