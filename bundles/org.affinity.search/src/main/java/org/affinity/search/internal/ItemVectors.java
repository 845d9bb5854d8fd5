package org.affinity.search.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.affinity.api.item.Item;
import org.affinity.api.search.SearchFilter;
import org.affinity.api.vector.VectorEntry;

/**
 * How an item becomes a vector entry: the text that is embedded (title, then the description
 * without markup) and the stored fields that filters use. The entry also keeps a hash of its text,
 * so a change that leaves the text alone (price, availability) reuses the vector.
 */
final class ItemVectors {

    static final String CATEGORY = "category";
    static final String AVAILABLE = "available";
    static final String PRICE = "price";
    static final String TEXT_HASH = "textHash";

    private ItemVectors() {
    }

    /** The text embedded for an item. */
    static String text(Item item) {
        String title = item.title().strip();
        String description = PlainText.of(item.description());
        if (description.isEmpty() || description.equalsIgnoreCase(title)) {
            return title.isEmpty() ? item.id() : title;
        }
        return title.isEmpty() ? description : title + "\n" + description;
    }

    /** The stored fields of an item's entry. */
    static Map<String, Object> fields(Item item, String text) {
        Map<String, Object> fields = new LinkedHashMap<>();
        List<String> categories = categoryTerms(item.categories());
        if (!categories.isEmpty()) {
            fields.put(CATEGORY, categories);
        }
        fields.put(AVAILABLE, Boolean.toString(item.available()));
        if (item.price() != null) {
            fields.put(PRICE, item.price().stripTrailingZeros().toPlainString());
        }
        fields.put(TEXT_HASH, hash(text));
        return fields;
    }

    /** What must happen to an item's entry: nothing, new fields on the old vector, or a new vector. */
    enum Change {
        NONE, FIELDS, TEXT
    }

    static Change change(Optional<VectorEntry> stored, Map<String, Object> fields) {
        if (stored.isEmpty() || !fields.get(TEXT_HASH).equals(stored.get().fields().get(TEXT_HASH))) {
            return Change.TEXT;
        }
        return stored.get().fields().equals(fields) ? Change.NONE : Change.FIELDS;
    }

    /**
     * Every category path and each of its ancestors ("Gear/Bags" gives "Gear" and "Gear/Bags"), so a
     * filter on a parent category finds the items of its children.
     */
    static List<String> categoryTerms(List<String> categories) {
        Set<String> terms = new LinkedHashSet<>();
        for (String category : categories) {
            String path = category.strip();
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                terms.add(path.substring(0, slash).strip());
            }
            if (!path.isEmpty()) {
                terms.add(path);
            }
        }
        return new ArrayList<>(terms);
    }

    /** The vector query filter for the parts of a filter the index holds (category, availability). */
    static Map<String, Set<String>> indexFilter(SearchFilter filter) {
        Map<String, Set<String>> terms = new LinkedHashMap<>();
        if (!filter.categories().isEmpty()) {
            Set<String> categories = new LinkedHashSet<>();
            filter.categories().forEach(c -> categories.add(stripSlashes(c)));
            terms.put(CATEGORY, categories);
        }
        if (filter.available() != null) {
            terms.put(AVAILABLE, Set.of(filter.available().toString()));
        }
        return terms;
    }

    /** Whether the item as the store holds it now passes the filter. */
    static boolean matches(Item item, SearchFilter filter) {
        if (filter.available() != null && filter.available() != item.available()) {
            return false;
        }
        if (!filter.categories().isEmpty()) {
            List<String> terms = categoryTerms(item.categories());
            if (filter.categories().stream().map(ItemVectors::stripSlashes).noneMatch(terms::contains)) {
                return false;
            }
        }
        BigDecimal price = item.price();
        if (filter.hasPriceBounds() && price == null) {
            return false;
        }
        return (filter.minPrice() == null || price.compareTo(filter.minPrice()) >= 0)
                && (filter.maxPrice() == null || price.compareTo(filter.maxPrice()) <= 0);
    }

    private static String stripSlashes(String category) {
        return category.strip().replaceAll("^/+|/+$", "");
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
