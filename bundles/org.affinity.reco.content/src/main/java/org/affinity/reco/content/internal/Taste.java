package org.affinity.reco.content.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;

/**
 * A member's recent items with how much each says about their taste: the event's strength
 * (purchase over view), halved every {@code halfLife} distinct items back in time, so the newest
 * interests lead and one event is enough to start (cold start).
 */
record Taste(List<Entry> entries) {

    /** One remembered item: its weight, what the member did last, when. */
    record Entry(String itemId, double weight, EventType action, Instant at) {
    }

    static Taste of(List<Event> events, int maxItems, double halfLife) {
        Map<String, Event> latest = new LinkedHashMap<>();
        Map<String, Double> strength = new LinkedHashMap<>();
        for (Event event : events) {
            double weight = weight(event.type());
            if (event.itemId() == null || weight == 0) {
                continue;
            }
            strength.merge(event.itemId(), weight, Double::sum);
            if (weight > 0) {
                latest.put(event.itemId(), event);
            }
        }
        List<Event> recent = new ArrayList<>(latest.values());
        recent.sort(Comparator.comparing(Event::timestamp).reversed());
        List<Entry> entries = new ArrayList<>();
        for (Event event : recent) {
            double total = strength.get(event.itemId());
            if (total <= 0) {
                continue; // bought and returned: not a taste
            }
            double decay = Math.pow(0.5, entries.size() / halfLife);
            entries.add(new Entry(event.itemId(), Math.log1p(total) * decay, event.type(), event.timestamp()));
            if (entries.size() == maxItems) {
                break;
            }
        }
        return new Taste(entries);
    }

    static double weight(EventType type) {
        switch (type) {
            case PURCHASE:
                return 1;
            case REVIEW:
                return 0.8;
            case CART:
                return 0.5;
            case VIEW:
                return 0.2;
            case RETURN:
                return -1;
            default:
                return 0;
        }
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** "viewed", "bought"... for explanations. */
    static String verb(EventType action) {
        switch (action) {
            case PURCHASE:
                return "bought";
            case CART:
                return "put in your cart";
            case REVIEW:
                return "reviewed";
            default:
                return "viewed";
        }
    }
}
