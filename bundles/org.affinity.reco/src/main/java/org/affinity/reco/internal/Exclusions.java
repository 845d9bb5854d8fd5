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

    static Exclusions of(RecommendationRequest request, Set<String> kept, RecoConfig config) {
        Set<String> ids = new HashSet<>(request.filters().exclude());
        if (request.itemId() != null) {
            ids.add(request.itemId());
        }
        Set<String> purchased = config.excludePurchased() && !request.filters().allowRepurchase() ? kept : Set.of();
        return new Exclusions(ids, purchased, Set.of(config.consumableCategories()), config.consumableAttribute());
    }

    /**
     * The items a member bought or returned. A returned item is not offered again either: the member
     * had it and did not want it (RecommendationsIT found cf offering a wholesaler's returned item).
     */
    static Set<String> kept(List<Event> history) {
        Set<String> owned = new HashSet<>();
        for (Event event : history) {
            if (event.itemId() != null
                    && (event.type() == EventType.PURCHASE || event.type() == EventType.RETURN)) {
                owned.add(event.itemId());
            }
        }
        return Set.copyOf(owned);
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
