package org.affinity.reco.cf.internal;

import java.util.Arrays;

/** The k best (id, score) pairs seen, by a small min-heap; ties keep the smaller id. */
final class TopK {

    private final int k;
    private final int[] ids;
    private final float[] scores;
    private int size;

    TopK(int k) {
        this.k = k;
        this.ids = new int[k];
        this.scores = new float[k];
    }

    void offer(int id, float score) {
        if (size < k) {
            ids[size] = id;
            scores[size] = score;
            up(size++);
        } else if (better(id, score, ids[0], scores[0])) {
            ids[0] = id;
            scores[0] = score;
            down(0);
        }
    }

    /** Ids best first. */
    int[] ids() {
        int[] result = new int[size];
        Integer[] order = order();
        for (int i = 0; i < size; i++) {
            result[i] = ids[order[i]];
        }
        return result;
    }

    /** Scores best first (the order of {@link #ids()}). */
    float[] scores() {
        float[] result = new float[size];
        Integer[] order = order();
        for (int i = 0; i < size; i++) {
            result[i] = scores[order[i]];
        }
        return result;
    }

    int size() {
        return size;
    }

    private Integer[] order() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]) != 0 ? Float.compare(scores[b], scores[a])
                : Integer.compare(ids[a], ids[b]));
        return order;
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

    private void down(int at) {
        while (true) {
            int left = 2 * at + 1;
            int worst = at;
            if (left < size && better(ids[worst], scores[worst], ids[left], scores[left])) {
                worst = left;
            }
            if (left + 1 < size && better(ids[worst], scores[worst], ids[left + 1], scores[left + 1])) {
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
