package org.affinity.vector.testkit;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/** Exact k-nearest neighbours by brute force (the ground truth for recall), and recall itself. */
public final class ExactSearch {

    private ExactSearch() {
    }

    /** How two vectors compare: a dot product (a plain loop, or a SIMD one such as Lucene's VectorUtil). */
    @FunctionalInterface
    public interface Similarity {
        float score(float[] a, float[] b);
    }

    /**
     * The indices of the k vectors with the highest dot product with {@code query} among those
     * {@code accept} lets through, best first (ties: lower index first). Vectors are unit length,
     * so this is cosine similarity.
     */
    public static int[] topK(float[][] vectors, float[] query, int k, IntPredicate accept) {
        return topK(vectors, query, k, accept, ExactSearch::dot);
    }

    /** {@link #topK(float[][], float[], int, IntPredicate)} with another dot product. */
    public static int[] topK(float[][] vectors, float[] query, int k, IntPredicate accept, Similarity similarity) {
        int[] best = new int[k];
        float[] scores = new float[k];
        int size = 0;
        for (int i = 0; i < vectors.length; i++) {
            if (!accept.test(i)) {
                continue;
            }
            float score = similarity.score(vectors[i], query);
            if (size == k && score <= scores[size - 1]) {
                continue;
            }
            int at = size == k ? k - 1 : size++;
            while (at > 0 && scores[at - 1] < score) {
                scores[at] = scores[at - 1];
                best[at] = best[at - 1];
                at--;
            }
            scores[at] = score;
            best[at] = i;
        }
        return Arrays.copyOf(best, size);
    }

    public static int[] topK(float[][] vectors, float[] query, int k) {
        return topK(vectors, query, k, i -> true);
    }

    /** A plain loop: what an exact scan without SIMD costs. */
    public static float dot(float[] a, float[] b) {
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    public static float[] normalise(float[] vector) {
        double sum = 0;
        for (float value : vector) {
            sum += (double) value * value;
        }
        float scale = (float) (1 / Math.sqrt(sum));
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = vector[i] * scale;
        }
        return unit;
    }

    /** The share of {@code truth} that {@code found} contains. */
    public static double recall(List<String> found, List<String> truth) {
        if (truth.isEmpty()) {
            return 1;
        }
        long hits = truth.stream().filter(found::contains).count();
        return (double) hits / truth.size();
    }
}
