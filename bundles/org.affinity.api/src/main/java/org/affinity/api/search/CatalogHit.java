package org.affinity.api.search;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * An item found by a search, as the store holds it now.
 *
 * @param itemId the item's id
 * @param title its title
 * @param score cosine similarity to the query in [-1, 1], higher is closer
 * @param categories its category paths
 * @param price its unit price, or null
 * @param currency the price's currency, or null
 * @param available whether it can be sold now
 */
public record CatalogHit(String itemId, String title, float score, List<String> categories, BigDecimal price,
        String currency, boolean available) {

    public CatalogHit {
        Objects.requireNonNull(itemId, "itemId");
        categories = categories == null ? List.of() : List.copyOf(categories);
    }
}
