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
            accepted.put(item.id(), filters.admits(item));
        }
        return accepted;
    }

    @Override
    public Map<String, String> titles(Collection<String> itemIds) {
        Map<String, String> titles = new HashMap<>();
        for (String id : itemIds) {
            titles.put(id, id);
        }
        for (Item item : store.items(itemIds)) {
            if (!item.title().isBlank()) {
                titles.put(item.id(), item.title());
            }
        }
        return titles;
    }
}
