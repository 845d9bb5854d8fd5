package org.affinity.api.recommend;

import java.math.BigDecimal;
import java.util.Set;

/**
 * Constraints on recommended items.
 *
 * @param categories if not empty, items must be in one of these categories
 * @param minPrice lowest price, or null
 * @param maxPrice highest price, or null
 * @param availableOnly only items that can be sold now
 * @param exclude item ids never to return
 * @param allowRepurchase whether items the member already bought may be recommended (consumables)
 */
public record Filters(Set<String> categories, BigDecimal minPrice, BigDecimal maxPrice, boolean availableOnly,
        Set<String> exclude, boolean allowRepurchase) {

    public static final Filters NONE = new Filters(null, null, null, true, null, false);

    public Filters {
        categories = categories == null ? Set.of() : Set.copyOf(categories);
        exclude = exclude == null ? Set.of() : Set.copyOf(exclude);
    }
}
