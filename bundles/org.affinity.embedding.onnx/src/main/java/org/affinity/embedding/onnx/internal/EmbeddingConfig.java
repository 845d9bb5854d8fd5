package org.affinity.embedding.onnx.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Affinity embedding model",
        description = "Which installed model turns text into vectors, and how it runs. Vectors of different "
                + "models are not comparable: what depends on them is re-embedded after a switch.")
@interface EmbeddingConfig {

    @AttributeDefinition(name = "Model", description = "Id of the active model, declared by an installed model "
            + "bundle: all-minilm-l6-v2-q, all-minilm-l6-v2 (English), bge-small-zh-v1.5-q, bge-small-zh-v1.5 "
            + "(Chinese and English); -q are the int8 models.")
    String model() default "all-minilm-l6-v2-q";

    @AttributeDefinition(name = "Threads per run", description = "ONNX Runtime intra-op threads of a session run; "
            + "0 lets ONNX Runtime use one per core. Concurrent callers are coalesced into one run.", min = "0",
            max = "64")
    int intra_op_threads() default 1;

    @AttributeDefinition(name = "Parallel runs", description = "Session runs at once, sharing the model's weights: "
            + "concurrent callers and the batches of a long list (a bulk index) use up to this many cores. Measured "
            + "faster than 2 threads per run on 2 cores (README, Benchmark).", min = "1", max = "64")
    int parallel_runs() default EmbeddingSettings.PARALLEL_RUNS;

    @AttributeDefinition(name = "Batch size", description = "Most texts in one session run.", min = "1", max = "512")
    int batch_size() default 32;

    @AttributeDefinition(name = "Batch int8 models", description = "Let int8 (-q) models batch too. Off: an int8 "
            + "model scales its activations per run, so a batched text's vector depends on its batch-mates; one text "
            + "per run keeps vectors reproducible (batches did not raise throughput on 2 cores).")
    boolean batch_quantized() default false;

    @AttributeDefinition(name = "Cache size", description = "Texts whose vectors are kept for repeats "
            + "(least recently used go first); 0 disables the cache.", min = "0")
    int cache_size() default 10_000;

    @AttributeDefinition(name = "Keep unused models", description = "Seconds a model loaded on demand (not the "
            + "active one) stays loaded after the last bundle asking for it stopped, so a bundle update does not "
            + "reload it.", min = "0")
    int linger_seconds() default 30;

    @AttributeDefinition(name = "Close unused sessions", description = "Seconds a model loaded on demand (not the "
            + "active one) keeps its ONNX Runtime session after its last text; the next text opens it again (about a "
            + "second). Such a model opens its session only at its first text. 0 keeps an opened session.", min = "0")
    int idle_seconds() default 600;
}
