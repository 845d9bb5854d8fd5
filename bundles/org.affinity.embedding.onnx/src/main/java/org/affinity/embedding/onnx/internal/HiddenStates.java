package org.affinity.embedding.onnx.internal;

import java.nio.FloatBuffer;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;

/**
 * Runs an encoder model on a padded batch and hands over its hidden states. Two ways: one ONNX Runtime
 * session ({@link SessionHiddenStates}), or the model's parts with the LayerNorms computed in Java
 * ({@link LayerNormSessions}). Not thread-safe: one batch at a time.
 */
interface HiddenStates extends AutoCloseable {

    /** Reads hidden states before they are freed. */
    interface Reader<T> {
        T read(FloatBuffer hidden);
    }

    /**
     * Runs the model on {@code inputs} (each of shape {@code [batch, length]}) and passes the hidden
     * states, {@code [batch, length, dimension]} in row-major order from index 0, to {@code reader}.
     */
    <T> T run(Map<String, OnnxTensor> inputs, long[] shape, Reader<T> reader) throws OrtException;

    /** Most sequences of {@code length} tokens one run may hold (a longer batch is run in slices). */
    default int maxSequences(int length) {
        return Integer.MAX_VALUE;
    }

    /** How the model runs, for logs and benchmarks: "Java LayerNorm (...), 13 sessions" or "ONNX Runtime LayerNorm, 1 session". */
    String describe();

    @Override
    void close() throws OrtException;
}
