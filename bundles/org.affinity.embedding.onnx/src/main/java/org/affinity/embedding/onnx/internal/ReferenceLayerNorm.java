package org.affinity.embedding.onnx.internal;

import java.util.Arrays;

/**
 * LayerNorm with the arithmetic of ONNX Runtime 1.30's x86 AVX2/FMA kernel (MLAS, onnxruntime PR
 * #31973), which the reference embeddings were made with: the mean summed in double over 4 lanes, the
 * centred variance summed in float over 8 lanes with fused multiply-add, and the output
 * {@code fma((x - mean) * inverse, gamma, beta)}. ONNX Runtime 1.29 computes the same formula in a
 * different order, and the int8 models amplify those last-bit differences (see the README, "Accuracy").
 * Lanes and their horizontal sums follow the kernel's order exactly; that order is the point.
 */
final class ReferenceLayerNorm {

    private final float epsilon;
    private final float[] gamma;
    private final float[] beta;
    private final float[] lanes = new float[8];

    ReferenceLayerNorm(float epsilon, float[] gamma, float[] beta) {
        if (gamma.length != beta.length) {
            throw new IllegalArgumentException("gamma and beta differ in length: " + gamma.length + ", " + beta.length);
        }
        this.epsilon = epsilon;
        this.gamma = gamma.clone();
        this.beta = beta.clone();
    }

    /** The width of a row. */
    int width() {
        return gamma.length;
    }

    /** Normalises {@code row[from .. from + width)} in place. Not thread-safe (reuses its lanes). */
    void normalize(float[] row, int from) {
        int n = gamma.length;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += row[from + i];
            s1 += row[from + i + 1];
            s2 += row[from + i + 2];
            s3 += row[from + i + 3];
        }
        double sum = (s0 + s2) + (s1 + s3);
        for (; i < n; i++) {
            sum += row[from + i];
        }
        float mean = (float) (sum / n);
        float[] lane = lanes;
        Arrays.fill(lane, 0f);
        i = 0;
        for (; i + 8 <= n; i += 8) {
            for (int l = 0; l < 8; l++) {
                float d = row[from + i + l] - mean;
                lane[l] = Math.fma(d, d, lane[l]);
            }
        }
        float variance = ((lane[0] + lane[4]) + (lane[2] + lane[6])) + ((lane[1] + lane[5]) + (lane[3] + lane[7]));
        for (; i < n; i++) {
            float d = row[from + i] - mean;
            variance += d * d;
        }
        float inverse = 1.0f / (float) Math.sqrt(variance / n + epsilon);
        for (int j = 0; j < n; j++) {
            row[from + j] = Math.fma((row[from + j] - mean) * inverse, gamma[j], beta[j]);
        }
    }
}
