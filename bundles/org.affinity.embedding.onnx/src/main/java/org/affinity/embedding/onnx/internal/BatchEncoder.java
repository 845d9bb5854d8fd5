package org.affinity.embedding.onnx.internal;

/** Turns a batch of token id sequences into one vector each. Not thread-safe: one batch at a time. */
interface BatchEncoder extends AutoCloseable {

    float[][] encode(int[][] batch) throws Exception;

    /** How it runs, for logs and benchmarks. */
    default String describe() {
        return getClass().getSimpleName();
    }

    @Override
    void close();
}
