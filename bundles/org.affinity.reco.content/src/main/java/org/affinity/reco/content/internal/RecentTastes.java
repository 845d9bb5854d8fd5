package org.affinity.reco.content.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.affinity.api.event.Event;

/**
 * The tastes of recently served members: a big buyer's history has thousands of events to read
 * into a taste on every request otherwise. An entry is good while the store hands out the same
 * event list (its cache gives the same list until the member's history changes) under the same
 * settings; it is dropped when the member's events change or the member is erased.
 */
final class RecentTastes {

    record Remembered(List<Event> source, int recentItems, double halfLife, Taste taste, Set<String> bought) {
    }

    private final int capacity;
    private final Map<String, Remembered> entries;

    RecentTastes(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
                return size() > RecentTastes.this.capacity;
            }
        };
    }

    Remembered of(String memberId, List<Event> events, int recentItems, double halfLife) {
        synchronized (entries) {
            Remembered known = entries.get(memberId);
            if (known != null && known.source() == events && known.recentItems() == recentItems && known.halfLife() == halfLife) {
                return known;
            }
        }
        Remembered made = new Remembered(events, recentItems, halfLife, Taste.of(events, recentItems, halfLife),
                Set.copyOf(ContentStrategy.bought(events)));
        synchronized (entries) {
            entries.put(memberId, made);
        }
        return made;
    }

    void forget(String memberId) {
        synchronized (entries) {
            entries.remove(memberId);
        }
    }

    boolean holds(String memberId) {
        synchronized (entries) {
            return entries.containsKey(memberId);
        }
    }
}
