package org.affinity.embedding.onnx.internal;

/**
 * How a model runs.
 *
 * @param intraOpThreads ONNX Runtime threads per session run (0: one per core, ONNX Runtime's choice)
 * @param batchSize most texts in one session run; concurrent calls are coalesced up to it
 * @param cacheSize texts whose vectors are kept (least recently used go first); 0 disables the cache
 * @param batchQuantized whether int8 models batch too. Off by default: an int8 model quantizes its
 *        activations with one scale per run, so in a batch a text's vector depends on its batch-mates
 *        (measured on the golden texts: cosine to the text's own vector down to 0.963). One text per
 *        run keeps every vector reproducible; on 2 cores it costs no throughput (batches of 32 ran at
 *        0.9-1.0x batch 1 in the embed bench).
 * @param parallelRuns session runs at once (on one session, sharing its weights): concurrent callers and
 *        the batches of one long {@code embedAll} use up to this many cores
 */
public record EmbeddingSettings(int intraOpThreads, int batchSize, int cacheSize, boolean batchQuantized,
        int parallelRuns) {

    /** Runs at once unless configured otherwise: both cores of the 2-core machines Affinity is measured on. */
    public static final int PARALLEL_RUNS = 2;

    /** What the service runs with unless configured otherwise. */
    public static final EmbeddingSettings DEFAULTS = new EmbeddingSettings(1, 32, 10_000, false);

    public EmbeddingSettings {
        if (intraOpThreads < 0 || batchSize < 1 || cacheSize < 0 || parallelRuns < 1) {
            throw new IllegalArgumentException("threads >= 0, batch size >= 1, cache size >= 0 and parallel runs >= 1, "
                    + "not " + intraOpThreads + ", " + batchSize + ", " + cacheSize + ", " + parallelRuns);
        }
    }

    /** Settings with the default parallel runs. */
    public EmbeddingSettings(int intraOpThreads, int batchSize, int cacheSize, boolean batchQuantized) {
        this(intraOpThreads, batchSize, cacheSize, batchQuantized, PARALLEL_RUNS);
    }

    /** Settings where int8 models run one text per run (the default). */
    public EmbeddingSettings(int intraOpThreads, int batchSize, int cacheSize) {
        this(intraOpThreads, batchSize, cacheSize, false);
    }

    /** Most texts in one session run of {@code model}: 1 for int8 models unless they may batch. */
    public int batchSizeFor(ModelDescription model) {
        return batchQuantized || "fp32".equals(model.precision()) ? batchSize : 1;
    }
}
