package org.affinity.vector.testkit;

import java.util.Random;

/**
 * Synthetic vectors shaped like sentence embeddings rather than uniform noise (on which HNSW recall
 * is meaningless): a shared mean direction (embeddings are anisotropic), a low-rank latent space,
 * clusters of very different sizes (topics), a little full-rank noise, then L2-normalised.
 * Samples with the same model and seed are identical on every machine.
 */
public final class LowRankVectors {

    private final int dimension;
    private final int rank;
    private final float[] mean;
    private final float[][] basis;
    private final float[][] centres;
    private final double[] cumulativeWeight;

    /** The vectors, and the cluster each comes from (a label to filter on). */
    public record Sample(float[][] vectors, int[] clusters) {
    }

    public LowRankVectors(int dimension, int rank, int clusters, long seed) {
        this.dimension = dimension;
        this.rank = rank;
        Random random = new Random(seed);
        mean = gaussian(random, dimension, 1);
        basis = new float[rank][];
        for (int i = 0; i < rank; i++) {
            basis[i] = gaussian(random, dimension, 1);
        }
        centres = new float[clusters][];
        cumulativeWeight = new double[clusters];
        double total = 0;
        for (int c = 0; c < clusters; c++) {
            centres[c] = gaussian(random, rank, 1);
            total += 1.0 / (c + 1);            // Zipf: a few big topics, many small ones
            cumulativeWeight[c] = total;
        }
        for (int c = 0; c < clusters; c++) {
            cumulativeWeight[c] /= total;
        }
    }

    public int dimension() {
        return dimension;
    }

    public Sample sample(int count, long seed) {
        Random random = new Random(seed);
        float[][] vectors = new float[count][];
        int[] labels = new int[count];
        for (int n = 0; n < count; n++) {
            int cluster = cluster(random.nextDouble());
            float[] latent = gaussian(random, rank, 0.7f);
            for (int i = 0; i < rank; i++) {
                latent[i] += centres[cluster][i];
            }
            float[] vector = gaussian(random, dimension, 0.15f);
            for (int d = 0; d < dimension; d++) {
                vector[d] += 0.6f * mean[d];
            }
            for (int i = 0; i < rank; i++) {
                float weight = latent[i];
                float[] direction = basis[i];
                for (int d = 0; d < dimension; d++) {
                    vector[d] += weight * direction[d];
                }
            }
            vectors[n] = ExactSearch.normalise(vector);
            labels[n] = cluster;
        }
        return new Sample(vectors, labels);
    }

    private int cluster(double u) {
        int low = 0;
        int high = cumulativeWeight.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulativeWeight[mid] < u) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static float[] gaussian(Random random, int size, float scale) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) random.nextGaussian() * scale;
        }
        return values;
    }
}
