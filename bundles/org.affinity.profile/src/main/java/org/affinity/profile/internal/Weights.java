package org.affinity.profile.internal;

import java.util.EnumMap;
import java.util.Map;

import org.affinity.api.event.EventType;

/**
 * How much each kind of event says about a member's interests, and how fast it fades. Decay is
 * exponential, so every contribution can be kept relative to a per-member anchor time: a newer
 * event adds more, and the ratio between two events' weights never changes afterwards (which is
 * what makes an O(1) update and a rebuild from history agree).
 */
record Weights(Map<EventType, Double> byType, double halfLifeMillis, double textWeight, double ownWordsShare) {

    static final Weights DEFAULT = new Weights(defaults(), 90 * 86_400_000.0, 0.5, 0.3);

    static Weights of(ProfileConfig config) {
        Map<EventType, Double> byType = new EnumMap<>(EventType.class);
        byType.put(EventType.PURCHASE, config.purchaseWeight());
        byType.put(EventType.CART, config.cartWeight());
        byType.put(EventType.VIEW, config.viewWeight());
        byType.put(EventType.REVIEW, config.reviewWeight());
        byType.put(EventType.RETURN, config.returnWeight());
        return new Weights(byType, config.halfLifeDays() * 86_400_000.0, config.textWeight(), config.ownWordsShare());
    }

    private static Map<EventType, Double> defaults() {
        Map<EventType, Double> byType = new EnumMap<>(EventType.class);
        byType.put(EventType.PURCHASE, 1.0);
        byType.put(EventType.CART, 0.5);
        byType.put(EventType.VIEW, 0.2);
        byType.put(EventType.REVIEW, 0.8);
        byType.put(EventType.RETURN, -1.0);
        return byType;
    }

    /** Weight of an event about an item, 0 when the type says nothing about item interest. */
    double item(EventType type) {
        return byType.getOrDefault(type, 0.0);
    }

    /** 2^((time - anchor) / half-life): how much an event at {@code time} counts against one at {@code anchor}. */
    double decay(long time, long anchor) {
        return Math.pow(2, (time - anchor) / halfLifeMillis);
    }
}
