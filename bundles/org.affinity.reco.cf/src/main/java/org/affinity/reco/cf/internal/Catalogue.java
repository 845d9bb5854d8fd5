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
        public String title(String itemId) {
            return itemId;
        }
    };

    /** Whether each item passes the filters' category, price and availability rules (unknown items do not). */
    Map<String, Boolean> accepted(Collection<String> itemIds, Filters filters);

    String title(String itemId);
}
