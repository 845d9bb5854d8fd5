package org.affinity.reco.content.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.IntToDoubleFunction;

/**
 * The candidates of one request and the items it excludes, in arrays indexed by item number
 * ({@link ItemNumbers}) that are borrowed and given back rather than made per request. A member with
 * 40 taste items brings ~4,000 candidates; an object and a map entry for each made content the
 * largest allocator of the serving path (every young collection it caused paused all requests for
 * tens of milliseconds), and looking each neighbour up in the member's purchases and the prior's
 * counts by id was most of its time. Best first by a heap of numbers: score descending, then id.
 */
final class Candidates implements AutoCloseable {

    /** Kept between requests: a few per thread that serves at once is all that is ever in use. */
    private static final ArrayBlockingQueue<Candidates> SPARE = new ArrayBlockingQueue<>(16);
    private static final int NO_ENTRY = -1;

    private ItemNumbers numbers;
    private double[] scores = new double[0];
    private int[] closest = new int[0];
    private float[] closestSimilarity = new float[0];
    private boolean[] present = new boolean[0];
    private boolean[] excluded = new boolean[0];
    /** Numbers with a score, in the order they came. */
    private int[] touched = new int[256];
    private int size;
    private int[] marked = new int[256];
    private int markedCount;
    /** Sets with ids that had no number when marked, and the first number given after that. */
    private final List<Set<String>> unnumbered = new ArrayList<>();
    private int watchFrom = Integer.MAX_VALUE;
    private int[] heap = new int[0];
    private int heapSize;

    private Candidates() {
    }

    /** Empty candidates over these numbers; {@link #close()} gives them back. */
    static Candidates borrow(ItemNumbers numbers) {
        Candidates spare = SPARE.poll();
        Candidates candidates = spare != null ? spare : new Candidates();
        candidates.numbers = numbers;
        return candidates;
    }

    @Override
    public void close() {
        for (int i = 0; i < size; i++) {
            present[touched[i]] = false;
        }
        for (int i = 0; i < markedCount; i++) {
            excluded[marked[i]] = false;
        }
        size = 0;
        markedCount = 0;
        unnumbered.clear();
        watchFrom = Integer.MAX_VALUE;
        heapSize = 0;
        numbers = null;
        SPARE.offer(this);
    }

    /**
     * Leaves the ids of these sets out. Ids with a number are marked; an id without one is in no list
     * yet, but may get a number during the request, so numbers given from now on are also checked by
     * id against the sets that had such ids (never, once every list of the catalogue is numbered).
     */
    void exclude(List<Set<String>> sets) {
        watchFrom = numbers.size();
        for (Set<String> ids : sets) {
            boolean allNumbered = true;
            for (String id : ids) {
                int number = numbers.find(id);
                if (number >= 0) {
                    mark(number);
                } else {
                    allNumbered = false;
                }
            }
            if (!allNumbered) {
                unnumbered.add(ids);
            }
        }
    }

    boolean excluded(int number) {
        if (number < excluded.length && excluded[number]) {
            return true;
        }
        if (number >= watchFrom && !unnumbered.isEmpty()) {
            String id = numbers.id(number);
            for (Set<String> ids : unnumbered) {
                if (ids.contains(id)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void mark(int number) {
        fit(number);
        if (!excluded[number]) {
            excluded[number] = true;
            if (markedCount == marked.length) {
                marked = Arrays.copyOf(marked, markedCount * 2);
            }
            marked[markedCount++] = number;
        }
    }

    int size() {
        return size;
    }

    /** Adds to the item's score. */
    void add(String id, double amount) {
        // The slot first: it may grow the arrays, and "scores[slot(...)]" would read the old one.
        int number = slot(numbers.number(id));
        scores[number] += amount;
    }

    /**
     * Adds to the item's score what taste entry {@code entry} gives it; the entry whose list holds the
     * item with the highest similarity (the first of equals) is the one {@link #closest} names.
     */
    void add(int number, double amount, int entry, float similarity) {
        slot(number);
        scores[number] += amount;
        if (closest[number] == NO_ENTRY || similarity > closestSimilarity[number]) {
            closest[number] = entry;
            closestSimilarity[number] = similarity;
        }
    }

    /** Multiplies every score by the item's factor. */
    void scale(IntToDoubleFunction factor) {
        for (int i = 0; i < size; i++) {
            scores[touched[i]] *= factor.applyAsDouble(touched[i]);
        }
    }

    /** Orders the candidates for {@link #next()}. */
    void rank() {
        if (heap.length < size) {
            heap = new int[touched.length];
        }
        System.arraycopy(touched, 0, heap, 0, size);
        heapSize = size;
        for (int i = heapSize / 2 - 1; i >= 0; i--) {
            down(i);
        }
    }

    boolean hasNext() {
        return heapSize > 0;
    }

    /** The best item number not yet taken. */
    int next() {
        int best = heap[0];
        heap[0] = heap[--heapSize];
        down(0);
        return best;
    }

    String id(int number) {
        return numbers.id(number);
    }

    double score(int number) {
        return scores[number];
    }

    /** The taste entry that brought the candidate closest, or -1 when none was named. */
    int closest(int number) {
        return closest[number];
    }

    private int slot(int number) {
        fit(number);
        if (!present[number]) {
            present[number] = true;
            scores[number] = 0;
            closest[number] = NO_ENTRY;
            if (size == touched.length) {
                touched = Arrays.copyOf(touched, size * 2);
            }
            touched[size++] = number;
        }
        return number;
    }

    /** Room for this number (and for the numbering's size now, so growing is rare). */
    private void fit(int number) {
        if (number < present.length) {
            return;
        }
        int length = Math.max(number + 1, Math.max(numbers.size(), 2 * present.length));
        scores = Arrays.copyOf(scores, length);
        closest = Arrays.copyOf(closest, length);
        closestSimilarity = Arrays.copyOf(closestSimilarity, length);
        present = Arrays.copyOf(present, length);
        excluded = Arrays.copyOf(excluded, length);
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

    /** Higher score first; equal scores by id, so the order never depends on the numbering. */
    private boolean before(int a, int b) {
        int byScore = Double.compare(scores[b], scores[a]);
        return byScore != 0 ? byScore < 0 : numbers.id(a).compareTo(numbers.id(b)) < 0;
    }
}
