package org.affinity.profile.internal;

import java.util.Arrays;
import java.util.function.ObjDoubleConsumer;

/**
 * Weights by key (item ids, words, channels) for one member, as sorted parallel arrays: about 12
 * bytes an entry where a {@code HashMap<String, Double>} took about 60 (node, boxed value, table
 * slot), which is what made profiles cost 20 kB a member. A lookup is a binary search and an insert
 * shifts the tail; members have tens to a few thousand keys, so both stay well under a microsecond.
 * Keys are kept as given: callers pass the catalogue's instances so that members share them.
 * Not thread-safe (callers hold the member's monitor).
 */
final class KeyWeights {

    private static final String[] NO_KEYS = new String[0];
    private static final double[] NO_VALUES = new double[0];

    private String[] keys = NO_KEYS;
    private double[] values = NO_VALUES;
    private int size;

    /** Adds {@code weight} to the key's weight (a new key starts at 0). */
    void add(String key, double weight) {
        int at = Arrays.binarySearch(keys, 0, size, key);
        if (at >= 0) {
            values[at] += weight;
            return;
        }
        int insert = -at - 1;
        if (size == keys.length) {
            int capacity = Math.max(4, size + (size >> 1));
            keys = Arrays.copyOf(keys, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        System.arraycopy(keys, insert, keys, insert + 1, size - insert);
        System.arraycopy(values, insert, values, insert + 1, size - insert);
        keys[insert] = key;
        values[insert] = weight;
        size++;
    }

    /** The key's weight, or NaN when the key was never added. */
    double get(String key) {
        int at = Arrays.binarySearch(keys, 0, size, key);
        return at >= 0 ? values[at] : Double.NaN;
    }

    boolean contains(String key) {
        return Arrays.binarySearch(keys, 0, size, key) >= 0;
    }

    int size() {
        return size;
    }

    String key(int index) {
        return keys[index];
    }

    double value(int index) {
        return values[index];
    }

    void scale(double factor) {
        for (int i = 0; i < size; i++) {
            values[i] *= factor;
        }
    }

    /** Every key with its weight, in key order. */
    void forEach(ObjDoubleConsumer<String> action) {
        for (int i = 0; i < size; i++) {
            action.accept(keys[i], values[i]);
        }
    }

    /** Gives back the spare capacity (after a rebuild or a load, when most members stop growing). */
    void trim() {
        if (keys.length > size) {
            keys = size == 0 ? NO_KEYS : Arrays.copyOf(keys, size);
            values = size == 0 ? NO_VALUES : Arrays.copyOf(values, size);
        }
    }
}
