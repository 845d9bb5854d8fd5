package org.affinity.reco.cf.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.affinity.api.event.Event;

/**
 * The histories of recently served members, with their folded-in factors: a big buyer's history
 * has thousands of events and their fold-in is the dearest step of a request. An entry is good
 * while the store hands out the same event list (its cache gives the same list until the member's
 * history changes); it is dropped when the member's events change or the member is erased.
 */
final class RecentHistories {

    private record Remembered(List<Event> source, History history) {
    }

    private final int capacity;
    private final Map<String, Remembered> entries;

    RecentHistories(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
                return size() > RecentHistories.this.capacity;
            }
        };
    }

    History of(String memberId, List<Event> events) {
        synchronized (entries) {
            Remembered known = entries.get(memberId);
            if (known != null && known.source() == events) {
                return known.history();
            }
        }
        History history = History.of(events);
        synchronized (entries) {
            entries.put(memberId, new Remembered(events, history));
        }
        return history;
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
