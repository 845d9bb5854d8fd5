package org.affinity.reco.cf.internal;

import java.util.Collection;
import java.util.Map;

import org.affinity.api.recommend.Filters;

/** What the recommender needs to know about items beyond the model: filters and titles. */
interface Catalogue {

    /** Accepts everything and knows no titles (offline evaluation). */
    Catalogue ANY = new Catalogue() {
        @Override
        public Map<String, Boolean> accepted(Collection<String> itemIds, Filters filters) {
            Map<String, Boolean> all = new java.util.HashMap<>();
            itemIds.forEach(id -> all.put(id, true));
            return all;
        }

        @Override
        public Map<String, String> titles(Collection<String> itemIds) {
            Map<String, String> same = new java.util.HashMap<>();
            itemIds.forEach(id -> same.put(id, id));
            return same;
        }
    };

    /** Whether each item passes the filters' category, price and availability rules (unknown items do not). */
    Map<String, Boolean> accepted(Collection<String> itemIds, Filters filters);

    /** Each item's title, its id when the item is unknown or untitled; one look-up for all. */
    Map<String, String> titles(Collection<String> itemIds);

    default String title(String itemId) {
        return titles(java.util.List.of(itemId)).get(itemId);
    }
}
