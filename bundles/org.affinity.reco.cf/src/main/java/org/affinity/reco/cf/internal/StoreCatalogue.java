package org.affinity.reco.cf.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.affinity.api.item.Item;
import org.affinity.api.recommend.Filters;
import org.affinity.api.store.Store;

/** Filters and titles from the store's catalogue. */
final class StoreCatalogue implements Catalogue {

    private final Store store;

    StoreCatalogue(Store store) {
        this.store = store;
    }

    @Override
    public Map<String, Boolean> accepted(Collection<String> itemIds, Filters filters) {
        Map<String, Boolean> accepted = new HashMap<>();
        for (Item item : store.items(itemIds)) {
            accepted.put(item.id(), accepts(item, filters));
        }
        return accepted;
    }

    static boolean accepts(Item item, Filters filters) {
        if (filters.availableOnly() && !item.available()) {
            return false;
        }
        if (filters.minPrice() != null && (item.price() == null || item.price().compareTo(filters.minPrice()) < 0)) {
            return false;
        }
        if (filters.maxPrice() != null && (item.price() == null || item.price().compareTo(filters.maxPrice()) > 0)) {
            return false;
        }
        if (filters.categories().isEmpty()) {
            return true;
        }
        // A category matches itself and its sub-categories ("Gear" matches "Gear/Bags").
        for (String category : item.categories()) {
            for (String wanted : filters.categories()) {
                if (category.equalsIgnoreCase(wanted) || category.toLowerCase().startsWith(wanted.toLowerCase() + "/")) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String title(String itemId) {
        return store.item(itemId).map(Item::title).filter(t -> !t.isBlank()).orElse(itemId);
    }
}
