package org.affinity.profile.internal;

/**
 * A set of 64-bit hashes (open addressing, no boxing): which events a rebuild's scan saw, at
 * 16 bytes per event at most. Zero is kept apart because it marks an empty slot.
 */
final class LongHashSet {

    private long[] slots = new long[1 << 16];
    private int size;
    private boolean zero;

    synchronized void add(long value) {
        if (value == 0) {
            zero = true;
            return;
        }
        if (size * 2 >= slots.length) {
            grow();
        }
        if (insert(slots, value)) {
            size++;
        }
    }

    synchronized boolean contains(long value) {
        if (value == 0) {
            return zero;
        }
        int mask = slots.length - 1;
        for (int i = mix(value) & mask;; i = (i + 1) & mask) {
            if (slots[i] == 0) {
                return false;
            }
            if (slots[i] == value) {
                return true;
            }
        }
    }

    private static boolean insert(long[] table, long value) {
        int mask = table.length - 1;
        for (int i = mix(value) & mask;; i = (i + 1) & mask) {
            if (table[i] == 0) {
                table[i] = value;
                return true;
            }
            if (table[i] == value) {
                return false;
            }
        }
    }

    private void grow() {
        long[] bigger = new long[slots.length * 2];
        for (long value : slots) {
            if (value != 0) {
                insert(bigger, value);
            }
        }
        slots = bigger;
    }

    private static int mix(long value) {
        long h = value * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** A 64-bit hash of an event id (FNV-1a). */
    static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
