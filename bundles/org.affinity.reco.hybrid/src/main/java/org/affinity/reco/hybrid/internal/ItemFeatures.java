package org.affinity.reco.hybrid.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.affinity.api.item.Item;

/**
 * Title words and categories of recently diversified items, kept: every request splits the titles
 * of its 30 to 90 candidates otherwise, and the same items come back request after request. Kept
 * with the item they were made from, so a changed item (a new row from the store) is split again.
 */
final class ItemFeatures {

    private record Made(Item from, Set<String> features) {
    }

    private final int capacity;
    private final Map<String, Made> made;

    ItemFeatures(int capacity) {
        this.capacity = capacity;
        this.made = new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Made> eldest) {
                return size() > ItemFeatures.this.capacity;
            }
        };
    }

    Set<String> of(Item item) {
        if (item == null) {
            return Set.of();
        }
        synchronized (made) {
            Made known = made.get(item.id());
            if (known != null && (known.from() == item || known.from().equals(item))) {
                return known.features();
            }
        }
        Set<String> features = Set.copyOf(Diversifier.features(item));
        synchronized (made) {
            made.put(item.id(), new Made(item, features));
        }
        return features;
    }
}
