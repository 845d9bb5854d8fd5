package org.affinity.embedding.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The Java LayerNorm computes LayerNorm (against double precision). That its rounding is ONNX Runtime
 * 1.30's, to the last bit, is what EmbeddingGoldenTest shows on the reference embeddings.
 */
class ReferenceLayerNormTest {

    @Test
    void normalisesEachRowLikeDoublePrecision() {
        Random random = new Random(7);
        for (int width : new int[] { 384, 512, 13, 3 }) { // 13 and 3: the lanes' remainders too
            float[] gamma = new float[width];
            float[] beta = new float[width];
            for (int j = 0; j < width; j++) {
                gamma[j] = (float) random.nextGaussian();
                beta[j] = (float) random.nextGaussian();
            }
            ReferenceLayerNorm layerNorm = new ReferenceLayerNorm(1e-12f, gamma, beta);
            float[] rows = new float[3 * width + 5];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = (float) (random.nextGaussian() * 4 + 1);
            }
            float[] original = rows.clone();
            for (int r = 0; r < 3; r++) {
                int from = 5 + r * width;
                layerNorm.normalize(rows, from);
                double[] expected = layerNorm(original, from, width, 1e-12, gamma, beta);
                for (int j = 0; j < width; j++) {
                    assertEquals(expected[j], rows[from + j], 2e-5 * (1 + Math.abs(expected[j])), "width " + width);
                }
            }
            assertArrayEquals(Arrays.copyOf(original, 5), Arrays.copyOf(rows, 5),
                    "only the row is written");
        }
    }

    @Test
    void aConstantRowGivesBeta() {
        float[] beta = { 0.5f, -1, 2, 0, 3, 4, 5, 6, 7 };
        ReferenceLayerNorm layerNorm = new ReferenceLayerNorm(1e-5f, new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, beta);
        float[] row = { 3, 3, 3, 3, 3, 3, 3, 3, 3 };
        layerNorm.normalize(row, 0);
        assertArrayEquals(beta, row);
    }

    private static double[] layerNorm(float[] x, int from, int n, double epsilon, float[] gamma, float[] beta) {
        double mean = 0;
        for (int j = 0; j < n; j++) {
            mean += x[from + j];
        }
        mean /= n;
        double variance = 0;
        for (int j = 0; j < n; j++) {
            variance += (x[from + j] - mean) * (x[from + j] - mean);
        }
        variance /= n;
        double[] y = new double[n];
        for (int j = 0; j < n; j++) {
            y[j] = (x[from + j] - mean) / Math.sqrt(variance + epsilon) * gamma[j] + beta[j];
        }
        return y;
    }
}
