package org.affinity.reco.hybrid.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.affinity.api.item.Item;
import org.affinity.api.recommend.Recommendation;

/**
 * Maximal marginal relevance with a per-category cap: picks, one at a time, the candidate that
 * best balances its fused relevance against its likeness to what is already picked. Likeness is
 * the Jaccard overlap of title words and categories, which catches "Jumbo Bag Red Retrospot" next
 * to "Jumbo Bag Pink Polkadot" in a shop without categories.
 */
final class Diversifier {

    private Diversifier() {
    }

    /** Results beyond this many follow in fused order: MMR matters at the top of a list. */
    static final int WINDOW = 50;

    static List<Recommendation> diversify(List<Recommendation> candidates, Map<String, Item> items, int count, double lambda,
            int maxPerCategory, Function<Item, int[]> featuresOf) {
        if (candidates.isEmpty()) {
            return candidates;
        }
        int window = Math.min(count, WINDOW);
        List<Recommendation> pool = new ArrayList<>(candidates.subList(0, Math.min(candidates.size(), window * 3)));
        double top = pool.get(0).score();
        double bottom = pool.get(pool.size() - 1).score();
        double span = top - bottom;
        int[][] features = new int[pool.size()][];
        double[] likeness = new double[pool.size()];
        boolean[] taken = new boolean[pool.size()];
        for (int i = 0; i < features.length; i++) {
            features[i] = featuresOf.apply(items.get(pool.get(i).itemId()));
        }
        List<Recommendation> picked = new ArrayList<>(count);
        Set<String> pickedIds = new HashSet<>();
        Map<String, Integer> perCategory = new HashMap<>();
        while (picked.size() < window) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < pool.size(); i++) {
                if (taken[i] || capped(items.get(pool.get(i).itemId()), perCategory, maxPerCategory)) {
                    continue;
                }
                double relevance = span > 0 ? (pool.get(i).score() - bottom) / span : 1;
                double value = lambda * relevance - (1 - lambda) * likeness[i];
                if (value > bestValue) {
                    bestValue = value;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            taken[best] = true;
            Recommendation chosen = pool.get(best);
            picked.add(chosen);
            pickedIds.add(chosen.itemId());
            count(items.get(chosen.itemId()), perCategory);
            // Each candidate's likeness to the picked set only changes by the newcomer.
            for (int i = 0; i < pool.size(); i++) {
                if (!taken[i]) {
                    likeness[i] = Math.max(likeness[i], jaccard(features[i], features[best]));
                }
            }
        }
        for (Recommendation candidate : candidates) {
            if (picked.size() >= count) {
                break;
            }
            if (!pickedIds.contains(candidate.itemId()) && !capped(items.get(candidate.itemId()), perCategory, maxPerCategory)) {
                picked.add(candidate);
                pickedIds.add(candidate.itemId());
                count(items.get(candidate.itemId()), perCategory);
            }
        }
        // The cap spreads the list; it never makes it shorter than the candidates allow.
        for (Recommendation candidate : candidates) {
            if (picked.size() >= count) {
                break;
            }
            if (pickedIds.add(candidate.itemId())) {
                picked.add(candidate);
            }
        }
        return picked;
    }

    private static void count(Item item, Map<String, Integer> perCategory) {
        if (item != null && !item.categories().isEmpty()) {
            perCategory.merge(item.categories().get(item.categories().size() - 1), 1, Integer::sum);
        }
    }

    private static boolean capped(Item item, Map<String, Integer> perCategory, int max) {
        if (max <= 0 || item == null || item.categories().isEmpty()) {
            return false;
        }
        return perCategory.getOrDefault(item.categories().get(item.categories().size() - 1), 0) >= max;
    }

    static Set<String> features(Item item) {
        Set<String> features = new HashSet<>();
        if (item == null) {
            return features;
        }
        for (String word : item.title().toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.length() > 2) {
                features.add(word);
            }
        }
        for (String category : item.categories()) {
            features.add("category:" + category);
        }
        return features;
    }

    /**
     * Jaccard overlap of two sorted arrays of distinct feature numbers ({@link ItemFeatures}): the
     * same value as {@link #jaccard(Set, Set)} on the features they number, by one merge.
     */
    static double jaccard(int[] a, int[] b) {
        if (a.length == 0 || b.length == 0) {
            return 0;
        }
        int shared = 0;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] < b[j]) {
                i++;
            } else if (a[i] > b[j]) {
                j++;
            } else {
                shared++;
                i++;
                j++;
            }
        }
        return (double) shared / (a.length + b.length - shared);
    }

    /** Jaccard overlap of two feature sets: the definition (tests measure crowding with it). */
    static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        int shared = 0;
        for (String feature : a) {
            if (b.contains(feature)) {
                shared++;
            }
        }
        return (double) shared / (a.size() + b.size() - shared);
    }
}
