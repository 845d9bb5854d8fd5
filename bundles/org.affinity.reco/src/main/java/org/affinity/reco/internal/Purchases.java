package org.affinity.reco.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.affinity.api.store.Store;

/**
 * What recently served members bought and kept, so a request does not read a long history from the
 * store each time. Bounded (least recently used out); a member's entry is dropped when new events of
 * theirs arrive and when they are erased.
 */
final class Purchases {

    private final Store store;
    private final int capacity;
    private final Map<String, Set<String>> kept;
    /** Counts forgets: a history read while one happened may be stale and is not cached. */
    private long forgets;

    Purchases(Store store, int capacity) {
        this.store = store;
        this.capacity = capacity;
        this.kept = new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
                return size() > Purchases.this.capacity;
            }
        };
    }

    Set<String> of(String memberId) {
        if (memberId == null) {
            return Set.of();
        }
        long before;
        synchronized (kept) {
            Set<String> cached = kept.get(memberId);
            if (cached != null) {
                return cached;
            }
            before = forgets;
        }
        Set<String> loaded = Exclusions.kept(store.events(memberId));
        synchronized (kept) {
            if (forgets == before) {
                kept.put(memberId, loaded);
            }
        }
        return loaded;
    }

    void forget(String memberId) {
        synchronized (kept) {
            forgets++;
            kept.remove(memberId);
        }
    }

    boolean holds(String memberId) {
        synchronized (kept) {
            return kept.containsKey(memberId);
        }
    }
}
