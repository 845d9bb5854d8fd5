package org.affinity.reco.content.internal;

import org.affinity.api.item.Item;
import org.affinity.api.recommend.Filters;

/** The request's item filters (category with sub-categories, price range, availability). */
final class Filtering {

    private Filtering() {
    }

    static boolean accepts(Item item, Filters filters) {
        if (filters.exclude().contains(item.id()) || (filters.availableOnly() && !item.available())) {
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
        for (String category : item.categories()) {
            for (String wanted : filters.categories()) {
                if (category.equalsIgnoreCase(wanted) || category.toLowerCase().startsWith(wanted.toLowerCase() + "/")) {
                    return true;
                }
            }
        }
        return false;
    }
}
