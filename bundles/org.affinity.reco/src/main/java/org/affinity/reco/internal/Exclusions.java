package org.affinity.reco.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.item.Item;
import org.affinity.api.recommend.Filters;
import org.affinity.api.recommend.RecommendationRequest;

/**
 * What a request must not return: its excluded ids, the anchor item, and (unless repurchase is
 * allowed) what the member bought and kept, consumables aside.
 */
final class Exclusions {

    private final Set<String> ids;
    private final Set<String> purchased;
    private final Set<String> consumableCategories;
    private final String consumableAttribute;

    private Exclusions(Set<String> ids, Set<String> purchased, Set<String> consumableCategories, String consumableAttribute) {
        this.ids = ids;
        this.purchased = purchased;
        this.consumableCategories = consumableCategories;
        this.consumableAttribute = consumableAttribute;
    }

    static Exclusions of(RecommendationRequest request, List<Event> history, RecoConfig config) {
        Set<String> ids = new HashSet<>(request.filters().exclude());
        if (request.itemId() != null) {
            ids.add(request.itemId());
        }
        Set<String> purchased = new HashSet<>();
        if (config.excludePurchased() && !request.filters().allowRepurchase()) {
            java.util.Map<String, Integer> kept = new java.util.HashMap<>();
            for (Event event : history) {
                if (event.itemId() != null && event.type() == EventType.PURCHASE) {
                    kept.merge(event.itemId(), Math.max(1, event.quantity()), Integer::sum);
                } else if (event.itemId() != null && event.type() == EventType.RETURN) {
                    kept.merge(event.itemId(), -Math.max(1, event.quantity()), Integer::sum);
                }
            }
            kept.forEach((item, quantity) -> {
                if (quantity > 0) {
                    purchased.add(item);
                }
            });
        }
        return new Exclusions(ids, purchased, Set.of(config.consumableCategories()), config.consumableAttribute());
    }

    /** How many ids are excluded, so strategies can be asked for more. */
    int size() {
        return ids.size() + purchased.size();
    }

    /** Quick check before the item is loaded. */
    boolean excludesId(String itemId) {
        return ids.contains(itemId);
    }

    boolean admits(Item item, Filters filters) {
        if (ids.contains(item.id()) || !filters.admits(item)) {
            return false;
        }
        return !purchased.contains(item.id()) || consumable(item);
    }

    private boolean consumable(Item item) {
        Object flag = item.attributes().get(consumableAttribute);
        if (flag != null && Boolean.parseBoolean(flag.toString())) {
            return true;
        }
        return !consumableCategories.isEmpty() && Filters.category(item, consumableCategories) != null;
    }
}
