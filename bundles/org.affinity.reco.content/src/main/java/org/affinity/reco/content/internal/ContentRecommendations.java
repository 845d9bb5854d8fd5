package org.affinity.reco.content.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.IntToDoubleFunction;

import org.affinity.api.item.Item;
import org.affinity.api.recommend.Filters;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.vector.VectorHit;
import org.affinity.api.vector.VectorQuery;

/**
 * Recommends by text similarity. For a member, each of their most recent items asks the vector
 * index for its nearest items; a candidate's score is the taste-weighted sum of its similarities
 * to the member's items it is near ("nearest"), so a member with several interests gets items
 * for each rather than the blur of one average vector. "mean" searches once with the weighted
 * average vector instead (cheaper). Either way the first event is enough.
 */
final class ContentRecommendations {

    enum Aggregation { NEAREST, MEAN }

    /** Items and their titles, filtered by the request's filters. */
    interface Catalogue {
        /** The items among ids that exist; unknown ids are missing from the map. */
        Map<String, Item> items(Set<String> ids);
    }

    private final NumberedVectors vectors;
    private final Aggregation aggregation;
    private final int neighboursPerItem;
    private final IntToDoubleFunction prior;

    ContentRecommendations(NumberedVectors vectors, Aggregation aggregation, int neighboursPerItem) {
        this(vectors, aggregation, neighboursPerItem, null);
    }

    /**
     * @param prior by item number, what a candidate's similarity is multiplied by, e.g. (1 + its purchases)^0.8
     *        ({@link Priors}): among similar items, those members actually buy; null ranks by text alone
     */
    ContentRecommendations(NumberedVectors vectors, Aggregation aggregation, int neighboursPerItem, IntToDoubleFunction prior) {
        this.vectors = vectors;
        this.aggregation = aggregation;
        this.neighboursPerItem = neighboursPerItem;
        this.prior = prior;
    }

    List<Recommendation> forMember(Taste taste, Set<String> bought, int count, Filters filters, Catalogue catalogue) {
        Set<String> tasteIds = new HashSet<>();
        taste.entries().forEach(e -> tasteIds.add(e.itemId()));
        List<Set<String>> excluded = filters.allowRepurchase() ? List.of(tasteIds, filters.exclude())
                : List.of(tasteIds, bought, filters.exclude());
        Map<String, float[]> known = new HashMap<>();
        for (Taste.Entry entry : taste.entries()) {
            vectors.vector(entry.itemId()).ifPresent(v -> known.put(entry.itemId(), v));
        }
        if (known.isEmpty()) {
            return List.of();
        }
        // Every taste item adds its own neighbours, so the pool is already several times the count:
        // asking each for 3 x count (hybrid asks for 90 when the router asks it for 30) only multiplied
        // the work. One taste item alone still brings at least count candidates.
        int k = Math.max(neighboursPerItem, count);
        List<Taste.Entry> entries = taste.entries();
        try (Candidates candidates = Candidates.borrow(vectors.numbers())) {
            if (aggregation == Aggregation.MEAN) {
                float[] mean = new float[known.values().iterator().next().length];
                for (Taste.Entry entry : entries) {
                    float[] v = known.get(entry.itemId());
                    if (v != null) {
                        for (int a = 0; a < mean.length; a++) {
                            mean[a] += (float) (entry.weight() * v[a]);
                        }
                    }
                }
                Set<String> exclude = new HashSet<>();
                excluded.forEach(exclude::addAll);
                for (VectorHit hit : vectors.search(new VectorQuery(mean, Math.max(k, count * 5), null, exclude))) {
                    candidates.add(hit.id(), hit.score());
                }
            } else {
                // Marked once per request: each neighbour is then checked by array index, not in three sets by id.
                candidates.exclude(excluded);
                for (int e = 0; e < entries.size(); e++) {
                    Taste.Entry entry = entries.get(e);
                    float[] v = known.get(entry.itemId());
                    if (v == null) {
                        continue;
                    }
                    int from = e;
                    vectors.near(entry.itemId(), v, k, candidates::excluded,
                            (number, score) -> candidates.add(number, entry.weight() * Math.max(0, score), from, score));
                }
            }
            if (prior != null) {
                candidates.scale(prior);
            }
            TasteTitles titles = new TasteTitles(taste, catalogue);
            return take(candidates, count, filters, catalogue, number -> {
                int closest = candidates.closest(number);
                return titles.because(closest >= 0 ? entries.get(closest) : closest(candidates.id(number), taste, known));
            });
        }
    }

    /** For a member known only by a profile vector (the "members" collection), no item history. */
    List<Recommendation> forProfile(float[] profile, Set<String> bought, int count, Filters filters, Catalogue catalogue) {
        Set<String> exclude = new HashSet<>(filters.exclude());
        if (!filters.allowRepurchase()) {
            exclude.addAll(bought);
        }
        try (Candidates ranked = Candidates.borrow(vectors.numbers())) {
            for (VectorHit hit : vectors.search(new VectorQuery(profile, Math.max(neighboursPerItem, count * 3), null, exclude))) {
                ranked.add(hit.id(), hit.score());
            }
            return take(ranked, count, filters, catalogue, slot -> "matches the interests in your profile");
        }
    }

    List<Recommendation> similar(String itemId, int count, Filters filters, Catalogue catalogue) {
        float[] anchor = vectors.vector(itemId).orElse(null);
        if (anchor == null) {
            return List.of();
        }
        Set<String> exclude = new HashSet<>(filters.exclude());
        exclude.add(itemId);
        String explanation = "similar to " + title(catalogue, itemId);
        try (Candidates ranked = Candidates.borrow(vectors.numbers())) {
            for (VectorHit hit : vectors.search(new VectorQuery(anchor, Math.max(neighboursPerItem, count * 3), null, exclude))) {
                ranked.add(hit.id(), hit.score());
            }
            return take(ranked, count, filters, catalogue, slot -> explanation);
        }
    }

    /**
     * The member's item closest in text to the recommended one, when the aggregation did not say
     * (MEAN searches once with the average): "nearest" knows it already, from the lists it merged.
     */
    private Taste.Entry closest(String itemId, Taste taste, Map<String, float[]> known) {
        float[] target = vectors.vector(itemId).orElse(null);
        Taste.Entry best = taste.entries().get(0);
        double bestSimilarity = Double.NEGATIVE_INFINITY;
        if (target != null) {
            for (Taste.Entry entry : taste.entries()) {
                float[] v = known.get(entry.itemId());
                if (v != null) {
                    double similarity = dot(v, target);
                    if (similarity > bestSimilarity) {
                        best = entry;
                        bestSimilarity = similarity;
                    }
                }
            }
        }
        return best;
    }

    /** Titles of the member's items, read together the first time an explanation needs one. */
    private static final class TasteTitles {
        private final Taste taste;
        private final Catalogue catalogue;
        private Map<String, Item> items;

        TasteTitles(Taste taste, Catalogue catalogue) {
            this.taste = taste;
            this.catalogue = catalogue;
        }

        String because(Taste.Entry entry) {
            if (items == null) {
                Set<String> ids = new HashSet<>();
                taste.entries().forEach(e -> ids.add(e.itemId()));
                items = catalogue.items(ids);
            }
            Item item = items.get(entry.itemId());
            String title = item == null || item.title().isBlank() ? entry.itemId() : item.title();
            return "similar to " + title + " you " + Taste.verb(entry.action());
        }
    }

    private static String title(Catalogue catalogue, String itemId) {
        Item item = catalogue.items(Set.of(itemId)).get(itemId);
        return item == null || item.title().isBlank() ? itemId : item.title();
    }

    /**
     * The best candidates that exist and pass the filters, best first. Candidates come off a heap:
     * a member with 40 taste items brings thousands, and only the first few dozen are looked at.
     */
    private static List<Recommendation> take(Candidates candidates, int count, Filters filters, Catalogue catalogue,
            IntFunction<String> explain) {
        candidates.rank();
        List<Recommendation> result = new ArrayList<>(count);
        int batchSize = Math.max(count * 2, 20);
        int[] batch = new int[batchSize];
        while (candidates.hasNext() && result.size() < count) {
            int size = 0;
            Set<String> ids = new HashSet<>();
            while (size < batchSize && candidates.hasNext()) {
                batch[size] = candidates.next();
                ids.add(candidates.id(batch[size++]));
            }
            Map<String, Item> items = catalogue.items(ids);
            for (int i = 0; i < size && result.size() < count; i++) {
                String id = candidates.id(batch[i]);
                Item item = items.get(id);
                if (item != null && filters.admits(item)) {
                    result.add(new Recommendation(id, candidates.score(batch[i]), explain.apply(batch[i])));
                }
            }
        }
        return result;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
