package org.affinity.api.item;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An item of the catalogue.
 *
 * @param id shop-assigned identifier (SKU, stock code)
 * @param title short name
 * @param description longer text, may contain HTML
 * @param categories category paths, most specific last (e.g. "Gear/Bags")
 * @param price unit price, or null when unknown
 * @param currency ISO 4217 code of the price, or null
 * @param attributes free-form attributes (brand, colour, size, ...)
 * @param available whether the item can be sold now
 * @param updated when Affinity last changed the item (null before it is stored)
 */
public record Item(String id, String title, String description, List<String> categories, BigDecimal price,
        String currency, Map<String, Object> attributes, boolean available, Instant updated) {

    public Item {
        Objects.requireNonNull(id, "id");
        title = title == null ? "" : title;
        description = description == null ? "" : description;
        categories = categories == null ? List.of() : List.copyOf(categories);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /**
     * A stub: what the store keeps for an item that events named before the catalogue described it.
     * Only the id; no title, text, categories or price, and not available (nothing says it can be
     * sold), so it is not recommended until the catalogue replaces it with the real item.
     *
     * @since 1.1
     */
    public static Item stub(String id) {
        return new Item(id, "", "", List.of(), null, null, Map.of(), false, null);
    }

    /** The text that describes the item for embedding and search: title, then description. */
    public String text() {
        return description.isBlank() ? title : title + "\n" + description;
    }
}
