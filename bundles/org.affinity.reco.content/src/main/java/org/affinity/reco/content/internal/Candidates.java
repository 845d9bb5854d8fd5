package org.affinity.reco.content.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.ToDoubleFunction;

/**
 * The candidates of one request and their summed scores, in arrays that are borrowed and given back
 * rather than made per request. A member with 40 taste items brings ~4,000 candidates; an object and
 * a map entry for each made content the largest allocator of the serving path, and every young
 * collection that allocation caused paused all requests for tens of milliseconds.
 * <p>
 * An open-addressing table keyed by item id (the ids come from the remembered neighbour lists, so
 * the same string instances recur and compare by identity first); best first by a heap of slots,
 * score descending, then id ascending.
 */
final class Candidates implements AutoCloseable {

    /** Kept between requests: a few per thread that serves at once is all that is ever in use. */
    private static final ArrayBlockingQueue<Candidates> SPARE = new ArrayBlockingQueue<>(16);
    private static final int NO_ENTRY = -1;

    private String[] ids = new String[1 << 10];
    private double[] scores = new double[ids.length];
    private int[] closest = new int[ids.length];
    private float[] closestSimilarity = new float[ids.length];
    /** Occupied slots in the order they were filled. */
    private int[] used = new int[ids.length / 2];
    private int size;
    private int[] heap = new int[0];
    private int heapSize;

    private Candidates() {
    }

    /** Empty candidates; {@link #close()} gives them back. */
    static Candidates borrow() {
        Candidates spare = SPARE.poll();
        return spare != null ? spare : new Candidates();
    }

    @Override
    public void close() {
        for (int i = 0; i < size; i++) {
            ids[used[i]] = null;
        }
        size = 0;
        heapSize = 0;
        SPARE.offer(this);
    }

    int size() {
        return size;
    }

    /** Adds to the item's score. */
    void add(String id, double amount) {
        scores[slot(id)] += amount;
    }

    /**
     * Adds to the item's score what taste entry {@code entry} gives it; the entry whose list holds the
     * item with the highest similarity (the first of equals) is the one {@link #closest} names.
     */
    void add(String id, double amount, int entry, float similarity) {
        int slot = slot(id);
        scores[slot] += amount;
        if (closest[slot] == NO_ENTRY || similarity > closestSimilarity[slot]) {
            closest[slot] = entry;
            closestSimilarity[slot] = similarity;
        }
    }

    /** Multiplies every score by the item's factor. */
    void scale(ToDoubleFunction<String> factor) {
        for (int i = 0; i < size; i++) {
            int slot = used[i];
            scores[slot] *= factor.applyAsDouble(ids[slot]);
        }
    }

    /** Orders the candidates for {@link #next()}. */
    void rank() {
        if (heap.length < size) {
            heap = new int[used.length];
        }
        System.arraycopy(used, 0, heap, 0, size);
        heapSize = size;
        for (int i = heapSize / 2 - 1; i >= 0; i--) {
            down(i);
        }
    }

    boolean hasNext() {
        return heapSize > 0;
    }

    /** The best slot not yet taken. */
    int next() {
        int best = heap[0];
        heap[0] = heap[--heapSize];
        down(0);
        return best;
    }

    String id(int slot) {
        return ids[slot];
    }

    double score(int slot) {
        return scores[slot];
    }

    /** The taste entry that brought the candidate closest, or -1 when none was named. */
    int closest(int slot) {
        return closest[slot];
    }

    private int slot(String id) {
        int mask = ids.length - 1;
        for (int slot = spread(id.hashCode()) & mask;; slot = (slot + 1) & mask) {
            String there = ids[slot];
            if (there == null) {
                if (2 * (size + 1) > ids.length) {
                    grow();
                    return slot(id);
                }
                ids[slot] = id;
                scores[slot] = 0;
                closest[slot] = NO_ENTRY;
                used[size++] = slot;
                return slot;
            }
            if (there == id || there.equals(id)) {
                return slot;
            }
        }
    }

    /** Twice the table, every occupied slot moved to its place in it (in the same fill order). */
    private void grow() {
        String[] oldIds = ids;
        double[] oldScores = scores;
        int[] oldClosest = closest;
        float[] oldSimilarity = closestSimilarity;
        int[] oldUsed = used;
        int count = size;
        ids = new String[oldIds.length * 2];
        scores = new double[ids.length];
        closest = new int[ids.length];
        closestSimilarity = new float[ids.length];
        used = new int[ids.length / 2];
        size = 0;
        for (int i = 0; i < count; i++) {
            int from = oldUsed[i];
            int to = slot(oldIds[from]);
            scores[to] = oldScores[from];
            closest[to] = oldClosest[from];
            closestSimilarity[to] = oldSimilarity[from];
        }
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    private void down(int at) {
        while (true) {
            int left = 2 * at + 1;
            int best = at;
            if (left < heapSize && before(heap[left], heap[best])) {
                best = left;
            }
            if (left + 1 < heapSize && before(heap[left + 1], heap[best])) {
                best = left + 1;
            }
            if (best == at) {
                return;
            }
            int swap = heap[at];
            heap[at] = heap[best];
            heap[best] = swap;
            at = best;
        }
    }

    /** Higher score first; equal scores by id, so the order never depends on the table. */
    private boolean before(int a, int b) {
        int byScore = Double.compare(scores[b], scores[a]);
        return byScore != 0 ? byScore < 0 : ids[a].compareTo(ids[b]) < 0;
    }
}
