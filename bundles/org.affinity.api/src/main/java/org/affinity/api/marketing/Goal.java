package org.affinity.api.marketing;

import java.math.BigDecimal;
import java.util.Set;

import org.affinity.api.event.EventType;

/**
 * What counts as a conversion: the member's first event of this type within {@code days} after the
 * message (or, for the holdout, after the moment they would have got it).
 *
 * @param event the event type (usually purchase)
 * @param days the attribution window in days, at least 1
 * @param items if not empty, only events about these items count
 * @param categories if not empty, only items in one of these categories (or below) count
 * @param titleTerms if not empty, only items whose title contains one of these words count
 *        (case-insensitive, whole words: "christmas" matches "CHRISTMAS TREE", not "CHRISTMASSY")
 * @param minValue if set, only events worth at least this much (quantity times price) count
 */
public record Goal(EventType event, int days, Set<String> items, Set<String> categories, Set<String> titleTerms,
        BigDecimal minValue) {

    public Goal {
        items = items == null ? Set.of() : Set.copyOf(items);
        categories = categories == null ? Set.of() : Set.copyOf(categories);
        titleTerms = titleTerms == null ? Set.of() : Set.copyOf(titleTerms);
    }

    public static Goal purchaseWithin(int days) {
        return new Goal(EventType.PURCHASE, days, null, null, null, null);
    }

    /** Whether only some items count (items, categories or title terms given). */
    public boolean itemSpecific() {
        return !items.isEmpty() || !categories.isEmpty() || !titleTerms.isEmpty();
    }
}
