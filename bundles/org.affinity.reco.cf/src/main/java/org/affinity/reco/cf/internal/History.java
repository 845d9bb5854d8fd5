package org.affinity.reco.cf.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;

/**
 * What a member did with items: the net feedback weight per item (positive only) and the items
 * they bought, which are not recommended again unless repurchase is allowed.
 */
record History(Map<String, Float> weights, Set<String> bought) {

    static final History EMPTY = new History(Map.of(), Set.of());

    static History of(List<Event> events) {
        Map<String, Float> sums = new HashMap<>();
        Set<String> bought = new HashSet<>();
        for (Event event : events) {
            if (event.itemId() == null) {
                continue;
            }
            float weight = Feedback.weight(event.type());
            if (weight != 0f) {
                sums.merge(event.itemId(), weight, Float::sum);
            }
            if (event.type() == EventType.PURCHASE) {
                bought.add(event.itemId());
            }
        }
        Map<String, Float> weights = new HashMap<>();
        sums.forEach((item, sum) -> {
            if (sum > 0) {
                weights.put(item, (float) Math.log1p(sum));
            }
        });
        return new History(weights, bought);
    }

    boolean isEmpty() {
        return weights.isEmpty();
    }
}
