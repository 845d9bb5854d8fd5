package org.affinity.embedding.onnx.internal;

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

    /** Normalises {@code row[from .. from + width)} in place. */
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
        // eight float lanes (one AVX register), each summing d * d with one rounding (fma)
        float v0 = 0;
        float v1 = 0;
        float v2 = 0;
        float v3 = 0;
        float v4 = 0;
        float v5 = 0;
        float v6 = 0;
        float v7 = 0;
        i = 0;
        for (; i + 8 <= n; i += 8) {
            int at = from + i;
            float d0 = row[at] - mean;
            float d1 = row[at + 1] - mean;
            float d2 = row[at + 2] - mean;
            float d3 = row[at + 3] - mean;
            float d4 = row[at + 4] - mean;
            float d5 = row[at + 5] - mean;
            float d6 = row[at + 6] - mean;
            float d7 = row[at + 7] - mean;
            v0 = Math.fma(d0, d0, v0);
            v1 = Math.fma(d1, d1, v1);
            v2 = Math.fma(d2, d2, v2);
            v3 = Math.fma(d3, d3, v3);
            v4 = Math.fma(d4, d4, v4);
            v5 = Math.fma(d5, d5, v5);
            v6 = Math.fma(d6, d6, v6);
            v7 = Math.fma(d7, d7, v7);
        }
        // the kernel's horizontal sum: high half onto low half, then pairs
        float variance = ((v0 + v4) + (v2 + v6)) + ((v1 + v5) + (v3 + v7));
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
