package org.affinity.embedding.onnx.internal;

/** Turns a batch of token id sequences into one vector each. Not thread-safe: one batch at a time. */
interface BatchEncoder extends AutoCloseable {

    float[][] encode(int[][] batch) throws Exception;

    @Override
    void close();
}
