package org.affinity.reco.cf.internal;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.affinity.api.job.JobContext;

/**
 * Item-item neighbours: for every item the items most often bought by the same members, by cosine
 * of their member sets with a shrinkage term (a pair seen together once by two rare items is not
 * trusted as much as one seen a hundred times). Kept as the best {@code k} per item.
 */
final class ItemNeighbours {

    /** neighbours[i] best first; similarity[i] alongside. */
    final int[][] neighbours;
    final float[][] similarity;
    /** listedBy[j]: the items whose lists hold j; listedBySimilarity[j] alongside (j's similarity in that list). */
    private final int[][] listedBy;
    private final float[][] listedBySimilarity;

    ItemNeighbours(int[][] neighbours, float[][] similarity) {
        this.neighbours = neighbours;
        this.similarity = similarity;
        int n = neighbours.length;
        int[] counts = new int[n];
        for (int[] row : neighbours) {
            for (int j : row) {
                counts[j]++;
            }
        }
        listedBy = new int[n][];
        listedBySimilarity = new float[n][];
        for (int j = 0; j < n; j++) {
            listedBy[j] = new int[counts[j]];
            listedBySimilarity[j] = new float[counts[j]];
            counts[j] = 0;
        }
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < neighbours[i].length; p++) {
                int j = neighbours[i][p];
                listedBy[j][counts[j]] = i;
                listedBySimilarity[j][counts[j]++] = similarity[i][p];
            }
        }
    }

    static ItemNeighbours compute(Interactions data, int k, float shrink, JobContext progress) {
        int n = data.itemCount();
        int[][] neighbours = new int[n][];
        float[][] similarity = new float[n][];
        int chunk = Math.max(1, n / 20);
        IntStream.range(0, (n + chunk - 1) / chunk).parallel().forEach(c -> {
            float[] co = new float[n];
            int[] touched = new int[n];
            for (int i = c * chunk; i < Math.min(n, (c + 1) * chunk); i++) {
                progress.checkCancelled();
                int count = 0;
                for (int p = data.colStart[i]; p < data.colStart[i + 1]; p++) {
                    int u = data.colMembers[p];
                    for (int q = data.rowStart[u]; q < data.rowStart[u + 1]; q++) {
                        int j = data.rowItems[q];
                        if (co[j] == 0f) {
                            touched[count++] = j;
                        }
                        co[j] += 1f;
                    }
                }
                TopK top = new TopK(k);
                double ni = data.itemPopularity(i);
                for (int t = 0; t < count; t++) {
                    int j = touched[t];
                    if (j != i) {
                        double nj = data.itemPopularity(j);
                        top.offer(j, (float) (co[j] / (Math.sqrt(ni * nj) + shrink)));
                    }
                    co[j] = 0f;
                }
                neighbours[i] = top.ids();
                similarity[i] = top.scores();
            }
            synchronized (progress) {
                progress.advance(Math.min(n, (c + 1) * chunk) - c * chunk);
            }
        });
        return new ItemNeighbours(neighbours, similarity);
    }

    /** Similarity of j as a neighbour of i, or 0 when j is not among i's neighbours. */
    float similarity(int i, int j) {
        int[] row = neighbours[i];
        for (int p = 0; p < row.length; p++) {
            if (row[p] == j) {
                return similarity[i][p];
            }
        }
        return 0f;
    }

    /**
     * Of the items {@code among} accepts, the one most similar to {@code target} either way round
     * (max of similarity(i, target) and similarity(target, i)), the lowest index on a tie; -1 when
     * none is a neighbour. Reads only target's own list and the lists that hold it, so a member with
     * a thousand items costs what one with ten does.
     */
    int closest(int target, java.util.function.IntPredicate among) {
        int best = -1;
        float bestSimilarity = 0;
        int[] row = neighbours[target];
        for (int pass = 0; pass < 2; pass++) {
            int[] ids = pass == 0 ? row : listedBy[target];
            float[] scores = pass == 0 ? similarity[target] : listedBySimilarity[target];
            for (int p = 0; p < ids.length; p++) {
                int i = ids[p];
                float s = scores[p];
                if (i != target && s > 0 && (s > bestSimilarity || (s == bestSimilarity && i < best)) && among.test(i)) {
                    best = i;
                    bestSimilarity = s;
                }
            }
        }
        return best;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ItemNeighbours && Arrays.deepEquals(neighbours, ((ItemNeighbours) other).neighbours)
                && Arrays.deepEquals(similarity, ((ItemNeighbours) other).similarity);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(neighbours);
    }
}
