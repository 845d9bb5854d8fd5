package org.affinity.reco.cf.internal;

import java.util.Arrays;

/** The k best (id, score) pairs seen, by a small min-heap; ties keep the smaller id. */
final class TopK {

    private final int k;
    private final int[] ids;
    private final float[] scores;
    private int size;
    /** Once read, the arrays hold the result best first instead of a heap. */
    private boolean sorted;

    TopK(int k) {
        this(k, new int[k], new float[k]);
    }

    /** Over arrays of at least k the caller lends (a request's scratch), so a ranking allocates nothing. */
    TopK(int k, int[] ids, float[] scores) {
        this.k = k;
        this.ids = ids;
        this.scores = scores;
    }

    void offer(int id, float score) {
        if (sorted) {
            throw new IllegalStateException("offered after the result was read");
        }
        if (size < k) {
            ids[size] = id;
            scores[size] = score;
            up(size++);
        } else if (better(id, score, ids[0], scores[0])) {
            ids[0] = id;
            scores[0] = score;
            down(0, size);
        }
    }

    /** Ids best first. */
    int[] ids() {
        sort();
        return Arrays.copyOf(ids, size);
    }

    /** Ids best first in the lent array itself: its first {@link #size()} entries. */
    int[] sortedIds() {
        sort();
        return ids;
    }

    /** Scores best first (the order of {@link #ids()}). */
    float[] scores() {
        sort();
        return Arrays.copyOf(scores, size);
    }

    int size() {
        return size;
    }

    /**
     * Heap sort in place, no boxing: the root is the worst kept, so moving it to the end of a
     * shrinking heap leaves the arrays best first (by {@link #better}: score, then smaller id).
     */
    private void sort() {
        if (sorted) {
            return;
        }
        for (int end = size - 1; end > 0; end--) {
            swap(0, end);
            down(0, end);
        }
        sorted = true;
    }

    private static boolean better(int id, float score, int otherId, float otherScore) {
        return score > otherScore || (score == otherScore && id < otherId);
    }

    private void up(int at) {
        while (at > 0) {
            int parent = (at - 1) / 2;
            if (!better(ids[parent], scores[parent], ids[at], scores[at])) {
                break;
            }
            swap(at, parent);
            at = parent;
        }
    }

    private void down(int at, int heapSize) {
        while (true) {
            int left = 2 * at + 1;
            int worst = at;
            if (left < heapSize && better(ids[worst], scores[worst], ids[left], scores[left])) {
                worst = left;
            }
            if (left + 1 < heapSize && better(ids[worst], scores[worst], ids[left + 1], scores[left + 1])) {
                worst = left + 1;
            }
            if (worst == at) {
                return;
            }
            swap(at, worst);
            at = worst;
        }
    }

    private void swap(int a, int b) {
        int id = ids[a];
        ids[a] = ids[b];
        ids[b] = id;
        float score = scores[a];
        scores[a] = scores[b];
        scores[b] = score;
    }
}
