package org.affinity.reco.content.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;

/** Purchase events per item, net of returns: an aggregate that names no member. */
final class PurchaseCounts {

    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    void add(List<Event> events) {
        for (Event event : events) {
            if (event.itemId() != null && (event.type() == EventType.PURCHASE || event.type() == EventType.RETURN)) {
                counts.merge(event.itemId(), event.type() == EventType.PURCHASE ? 1 : -1, Integer::sum);
            }
        }
    }

    void add(Event event) {
        add(List.of(event));
    }

    int count(String itemId) {
        return Math.max(0, counts.getOrDefault(itemId, 0));
    }
}
