package org.affinity.api.search;

import java.math.BigDecimal;
import java.util.Set;

/**
 * What a hit must be. Null or empty parts accept everything.
 *
 * @param categories an item matches when one of its category paths is, or lies under, one of these
 *        ("Gear" matches "Gear/Bags")
 * @param available only items that are (true) or are not (false) available; null: both
 * @param minPrice lowest unit price, inclusive; items without a price do not match a price bound
 * @param maxPrice highest unit price, inclusive
 */
public record SearchFilter(Set<String> categories, Boolean available, BigDecimal minPrice, BigDecimal maxPrice) {

    /** Accepts every item. */
    public static final SearchFilter ANY = new SearchFilter(null, null, null, null);

    public SearchFilter {
        categories = categories == null ? Set.of() : Set.copyOf(categories);
        if (minPrice != null && maxPrice != null && minPrice.compareTo(maxPrice) > 0) {
            throw new IllegalArgumentException("minPrice " + minPrice + " is above maxPrice " + maxPrice);
        }
    }

    /** Only items that can be sold now. */
    public static SearchFilter availableOnly() {
        return new SearchFilter(null, Boolean.TRUE, null, null);
    }

    public boolean hasPriceBounds() {
        return minPrice != null || maxPrice != null;
    }
}
