package org.affinity.embedding.onnx.internal;

/** Turns a batch of token id sequences into one vector each. */
interface BatchEncoder extends AutoCloseable {

    float[][] encode(int[][] batch) throws Exception;

    @Override
    void close();
}
