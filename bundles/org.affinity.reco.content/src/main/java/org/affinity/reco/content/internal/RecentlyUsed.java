package org.affinity.reco.content.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A map that keeps at most {@code capacity} entries, dropping the least recently used first, whose
 * reads take no lock. Every content request reads ~80 entries; behind one lock (an access-ordered
 * LinkedHashMap reorders on every read) a reader descheduled while holding it stalled the others
 * for a scheduler slice, on 2 cores shared by several request threads. Recency is approximate (a
 * time stamp per entry, written without ordering) and overflow drops the oldest eighth at once, so a full map pays one
 * scan per capacity/8 insertions.
 */
final class RecentlyUsed<K, V> {

    private static final class Slot<V> {
        final V value;
        long usedAt;

        Slot(V value, long usedAt) {
            this.value = value;
            this.usedAt = usedAt;
        }
    }

    private final int capacity;
    private final Map<K, Slot<V>> slots = new ConcurrentHashMap<>();

    RecentlyUsed(int capacity) {
        this.capacity = capacity;
    }

    V get(K key) {
        Slot<V> slot = slots.get(key);
        if (slot == null) {
            return null;
        }
        slot.usedAt = System.nanoTime(); // a plain write: an approximate order is all eviction needs
        return slot.value;
    }

    void put(K key, V value) {
        slots.put(key, new Slot<>(value, System.nanoTime()));
        if (slots.size() > capacity) {
            trim();
        }
    }

    /** Puts the value unless the one there now should stay (decided by {@code keep}, given what is there). */
    void putUnless(K key, V value, java.util.function.Predicate<V> keep) {
        Slot<V> there = slots.get(key);
        if (there == null || !keep.test(there.value)) {
            put(key, value);
        }
    }

    /** A snapshot of the entries (for saving and background refreshes; reads no recency). */
    java.util.List<Map.Entry<K, V>> entries() {
        java.util.List<Map.Entry<K, V>> entries = new java.util.ArrayList<>(slots.size());
        slots.forEach((key, slot) -> entries.add(Map.entry(key, slot.value)));
        return entries;
    }

    void clear() {
        slots.clear();
    }

    int size() {
        return slots.size();
    }

    private synchronized void trim() {
        int excess = slots.size() - capacity;
        if (excess <= 0) {
            return;
        }
        long[] used = slots.values().stream().mapToLong(slot -> slot.usedAt).toArray();
        Arrays.sort(used);
        int drop = Math.min(used.length, excess + Math.max(1, capacity / 8));
        long oldestKept = drop < used.length ? used[drop] : Long.MAX_VALUE;
        slots.values().removeIf(slot -> slot.usedAt < oldestKept);
    }
}
