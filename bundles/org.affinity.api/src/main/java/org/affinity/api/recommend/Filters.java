package org.affinity.api.recommend;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.affinity.api.item.Item;

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

    /**
     * Whether an item satisfies these filters (the member's purchases are not known here): not
     * excluded, available when asked, within the price range (an unpriced item fails a range), in
     * one of the categories when given.
     *
     * @since 1.1
     */
    public boolean admits(Item item) {
        if (exclude.contains(item.id()) || (availableOnly && !item.available())) {
            return false;
        }
        BigDecimal price = item.price();
        if (minPrice != null && (price == null || price.compareTo(minPrice) < 0)) {
            return false;
        }
        if (maxPrice != null && (price == null || price.compareTo(maxPrice) > 0)) {
            return false;
        }
        return categories.isEmpty() || category(item, categories) != null;
    }

    /**
     * The item's most specific category that lies within one of {@code wanted} (a category holds its
     * sub-categories: "Gear" holds "Gear/Bags"), or null.
     *
     * @since 1.1
     */
    public static String category(Item item, Collection<String> wanted) {
        List<String> categories = item.categories();
        for (int i = categories.size() - 1; i >= 0; i--) {
            String category = categories.get(i);
            for (String w : wanted) {
                if (category.equals(w) || category.startsWith(w + "/")) {
                    return category;
                }
            }
        }
        return null;
    }
}
