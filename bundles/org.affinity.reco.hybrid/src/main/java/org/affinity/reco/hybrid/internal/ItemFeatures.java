package org.affinity.reco.hybrid.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.affinity.api.item.Item;

/**
 * Title words and categories of recently diversified items, kept: every request splits the titles
 * of its 30 to 90 candidates otherwise, and the same items come back request after request. Kept
 * with the item they were made from, so a changed item (a new row from the store) is split again.
 * Each distinct feature is numbered once and an item keeps its features as a sorted int array, so
 * the likeness of two items is a merge of two small arrays (no iterator, no string hashing).
 */
final class ItemFeatures {

    private final int capacity;
    /** Distinct features numbered before the numbering starts afresh (bounds the vocabulary's memory). */
    private final int vocabularyLimit;
    private volatile Numbering current;

    ItemFeatures(int capacity, int vocabularyLimit) {
        this.capacity = capacity;
        this.vocabularyLimit = vocabularyLimit;
        this.current = new Numbering(capacity);
    }

    /**
     * The numbering to use for one request: arrays from one numbering only compare with each
     * other, so a request keeps the one it started with even if a new one replaces it meanwhile.
     */
    Numbering numbering() {
        Numbering now = current;
        if (now.size() > vocabularyLimit) {
            synchronized (this) {
                if (current == now) {
                    current = new Numbering(capacity);
                }
                now = current;
            }
        }
        return now;
    }

    /** Feature numbers and the items' sorted arrays under them. */
    static final class Numbering {

        private record Made(Item from, int[] features) {
        }

        private static final int[] NONE = new int[0];

        private final Map<String, Integer> numbers = new HashMap<>();
        private final Map<String, Made> made;

        private Numbering(int capacity) {
            this.made = new LinkedHashMap<>(256, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Made> eldest) {
                    return size() > capacity;
                }
            };
        }

        synchronized int size() {
            return numbers.size();
        }

        /** The item's distinct features ({@link Diversifier#features}) as sorted numbers; none for no item. */
        int[] of(Item item) {
            if (item == null) {
                return NONE;
            }
            synchronized (this) {
                Made known = made.get(item.id());
                if (known != null && (known.from() == item || known.from().equals(item))) {
                    return known.features();
                }
            }
            Set<String> words = Diversifier.features(item);
            int[] features = new int[words.size()];
            synchronized (this) {
                int n = 0;
                for (String word : words) {
                    features[n++] = numbers.computeIfAbsent(word, w -> numbers.size());
                }
                Arrays.sort(features);
                made.put(item.id(), new Made(item, features));
            }
            return features;
        }
    }
}
