package org.affinity.profile.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.affinity.api.item.Item;

/**
 * What profiles need to know about items: title keywords, categories (each path with its parents:
 * "Gear/Bags" counts for "Gear" too), price. Kept from the store's item notifications; an item's
 * new text applies to events from then on (a rebuild re-derives every profile with current texts).
 */
final class Catalogue {

    record Facts(String id, String title, Set<String> keywords, List<String> categories, BigDecimal price) {
    }

    private final Map<String, Facts> items = new ConcurrentHashMap<>();

    void put(Item item) {
        items.put(item.id(), new Facts(item.id(), item.title(), Keywords.of(item.title()), categories(item.categories()),
                item.price()));
    }

    Facts get(String id) {
        return id == null ? null : items.get(id);
    }

    int size() {
        return items.size();
    }

    List<Facts> all() {
        return new ArrayList<>(items.values());
    }

    static List<String> categories(List<String> paths) {
        Set<String> all = new LinkedHashSet<>();
        for (String path : paths) {
            String[] parts = path.split("/");
            StringBuilder prefix = new StringBuilder();
            for (String part : parts) {
                if (part.isBlank()) {
                    continue;
                }
                if (prefix.length() > 0) {
                    prefix.append('/');
                }
                prefix.append(part.trim());
                all.add(prefix.toString());
            }
        }
        return List.copyOf(all);
    }
}
