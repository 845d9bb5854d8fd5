package org.affinity.chat.intent.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;

/**
 * The weights of a head: logits = bias + W_sparse x_ngrams + (W_dense x_embedding, or W_out relu(W_in
 * x_embedding + b_in) with a hidden layer). Sparse weights are stored feature by feature (a row of
 * one weight per class), so a text touches only the rows of its own n-grams.
 */
final class SoftmaxNet {

    final int classes;
    final int dense;
    final int sparse;
    final int hidden;
    final float[] bias;
    /** classes x dense (no hidden layer) or classes x hidden (the output layer). */
    final float[] out;
    /** hidden x dense, or empty. */
    final float[] in;
    /** hidden, or empty. */
    final float[] inBias;
    /** sparse x classes. */
    final float[] ngrams;

    SoftmaxNet(int classes, int dense, int sparse, int hidden) {
        this.classes = classes;
        this.dense = dense;
        this.sparse = sparse;
        this.hidden = hidden;
        this.bias = new float[classes];
        this.out = new float[classes * (hidden > 0 ? hidden : dense)];
        this.in = new float[hidden * dense];
        this.inBias = new float[hidden];
        this.ngrams = new float[sparse * classes];
    }

    /** Small random input weights (He), so hidden units start different; everything else starts at 0. */
    void initialise(long seed) {
        if (hidden == 0) {
            return;
        }
        Random random = new Random(seed);
        double scale = Math.sqrt(2.0 / dense);
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) (random.nextGaussian() * scale);
        }
        double outScale = Math.sqrt(1.0 / hidden);
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (random.nextGaussian() * outScale * 0.1);
        }
    }

    /**
     * Writes the logits into {@code logits}; with a hidden layer, its activations go to {@code activations}.
     *
     * @param x the embedding, already weighed (null when the head has none)
     */
    void logits(float[] x, SparseVector features, float[] activations, float[] logits) {
        System.arraycopy(bias, 0, logits, 0, classes);
        if (x != null && dense > 0) {
            if (hidden > 0) {
                for (int h = 0; h < hidden; h++) {
                    activations[h] = Math.max(0, inBias[h] + dot(in, h * dense, x, dense));
                }
                for (int k = 0; k < classes; k++) {
                    logits[k] += dot(out, k * hidden, activations, hidden);
                }
            } else {
                for (int k = 0; k < classes; k++) {
                    logits[k] += dot(out, k * dense, x, dense);
                }
            }
        }
        int[] indices = features.indices();
        float[] values = features.values();
        for (int f = 0; f < indices.length; f++) {
            int row = indices[f] * classes;
            float value = values[f];
            for (int k = 0; k < classes; k++) {
                logits[k] += ngrams[row + k] * value;
            }
        }
    }

    static float dot(float[] weights, int offset, float[] x, int length) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < length; i += 4) {
            s0 += weights[offset + i] * x[i];
            s1 += weights[offset + i + 1] * x[i + 1];
            s2 += weights[offset + i + 2] * x[i + 2];
            s3 += weights[offset + i + 3] * x[i + 3];
        }
        for (; i < length; i++) {
            s0 += weights[offset + i] * x[i];
        }
        return s0 + s1 + s2 + s3;
    }

    /** Softmax of {@code logits / temperature}, in place. */
    static void softmax(float[] logits, int length, double temperature) {
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < length; k++) {
            max = Math.max(max, logits[k]);
        }
        double sum = 0;
        for (int k = 0; k < length; k++) {
            double e = Math.exp((logits[k] - max) / temperature);
            logits[k] = (float) e;
            sum += e;
        }
        for (int k = 0; k < length; k++) {
            logits[k] /= sum;
        }
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(classes);
        out.writeInt(dense);
        out.writeInt(sparse);
        out.writeInt(hidden);
        for (float[] array : new float[][] {bias, this.out, in, inBias, ngrams}) {
            for (float value : array) {
                out.writeFloat(value);
            }
        }
    }

    static SoftmaxNet read(DataInputStream in) throws IOException {
        SoftmaxNet net = new SoftmaxNet(in.readInt(), in.readInt(), in.readInt(), in.readInt());
        for (float[] array : new float[][] {net.bias, net.out, net.in, net.inBias, net.ngrams}) {
            for (int i = 0; i < array.length; i++) {
                array[i] = in.readFloat();
            }
        }
        return net;
    }
}
