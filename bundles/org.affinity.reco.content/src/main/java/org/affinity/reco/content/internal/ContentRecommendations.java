package org.affinity.reco.content.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

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

    private final ItemVectors vectors;
    private final Aggregation aggregation;
    private final int neighboursPerItem;
    private final ToDoubleFunction<String> buyers;
    private final double popularityPrior;

    ContentRecommendations(ItemVectors vectors, Aggregation aggregation, int neighboursPerItem) {
        this(vectors, aggregation, neighboursPerItem, id -> 0, 0);
    }

    /**
     * @param buyers how often an item was bought (possibly decayed by age: trending)
     * @param popularityPrior exponent of (1 + purchases) multiplied into a candidate's similarity: 0 ranks by
     *        text alone; a little prefers, among similar items, those members actually buy
     */
    ContentRecommendations(ItemVectors vectors, Aggregation aggregation, int neighboursPerItem,
            ToDoubleFunction<String> buyers, double popularityPrior) {
        this.vectors = vectors;
        this.aggregation = aggregation;
        this.neighboursPerItem = neighboursPerItem;
        this.buyers = buyers;
        this.popularityPrior = popularityPrior;
    }

    List<Recommendation> forMember(Taste taste, Set<String> bought, int count, Filters filters, Catalogue catalogue) {
        Set<String> exclude = new HashSet<>(filters.exclude());
        if (!filters.allowRepurchase()) {
            exclude.addAll(bought);
        }
        taste.entries().forEach(e -> exclude.add(e.itemId()));
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
        Map<String, Candidate> candidates = new HashMap<>();
        if (aggregation == Aggregation.MEAN) {
            float[] mean = new float[known.values().iterator().next().length];
            for (Taste.Entry entry : taste.entries()) {
                float[] v = known.get(entry.itemId());
                if (v != null) {
                    for (int a = 0; a < mean.length; a++) {
                        mean[a] += (float) (entry.weight() * v[a]);
                    }
                }
            }
            for (VectorHit hit : vectors.search(new VectorQuery(mean, Math.max(k, count * 5), null, exclude))) {
                candidates.computeIfAbsent(hit.id(), Candidate::new).score += hit.score();
            }
        } else {
            for (Taste.Entry entry : taste.entries()) {
                float[] v = known.get(entry.itemId());
                if (v == null) {
                    continue;
                }
                for (VectorHit hit : vectors.near(entry.itemId(), v, k, exclude)) {
                    candidates.computeIfAbsent(hit.id(), Candidate::new).score += entry.weight() * Math.max(0, hit.score());
                }
            }
        }
        List<Candidate> ranked = new ArrayList<>(candidates.values());
        if (popularityPrior > 0) {
            ranked.forEach(c -> c.score *= Math.pow(1 + buyers.applyAsDouble(c.id), popularityPrior));
        }
        ranked.sort(Comparator.comparingDouble((Candidate c) -> -c.score).thenComparing(c -> c.id));
        return take(ranked, count, filters, catalogue, id -> because(id, taste, known, catalogue));
    }

    /** For a member known only by a profile vector (the "members" collection), no item history. */
    List<Recommendation> forProfile(float[] profile, Set<String> bought, int count, Filters filters, Catalogue catalogue) {
        Set<String> exclude = new HashSet<>(filters.exclude());
        if (!filters.allowRepurchase()) {
            exclude.addAll(bought);
        }
        List<Candidate> ranked = new ArrayList<>();
        for (VectorHit hit : vectors.search(new VectorQuery(profile, Math.max(neighboursPerItem, count * 3), null, exclude))) {
            Candidate candidate = new Candidate(hit.id());
            candidate.score = hit.score();
            ranked.add(candidate);
        }
        return take(ranked, count, filters, catalogue, id -> "matches the interests in your profile");
    }

    List<Recommendation> similar(String itemId, int count, Filters filters, Catalogue catalogue) {
        float[] anchor = vectors.vector(itemId).orElse(null);
        if (anchor == null) {
            return List.of();
        }
        Set<String> exclude = new HashSet<>(filters.exclude());
        exclude.add(itemId);
        List<Candidate> ranked = new ArrayList<>();
        for (VectorHit hit : vectors.search(new VectorQuery(anchor, Math.max(neighboursPerItem, count * 3), null, exclude))) {
            Candidate candidate = new Candidate(hit.id());
            candidate.score = hit.score();
            ranked.add(candidate);
        }
        String title = title(catalogue, itemId);
        return take(ranked, count, filters, catalogue, id -> "similar to " + title);
    }

    /** The member's item closest in text to the recommended one. */
    private String because(String itemId, Taste taste, Map<String, float[]> known, Catalogue catalogue) {
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
        return "similar to " + title(catalogue, best.itemId()) + " you " + Taste.verb(best.action());
    }

    private static String title(Catalogue catalogue, String itemId) {
        Item item = catalogue.items(Set.of(itemId)).get(itemId);
        return item == null || item.title().isBlank() ? itemId : item.title();
    }

    private static List<Recommendation> take(List<Candidate> ranked, int count, Filters filters, Catalogue catalogue,
            Function<String, String> explain) {
        List<Recommendation> result = new ArrayList<>(count);
        for (int from = 0; from < ranked.size() && result.size() < count; from += Math.max(count * 2, 20)) {
            List<Candidate> batch = ranked.subList(from, Math.min(ranked.size(), from + Math.max(count * 2, 20)));
            Set<String> ids = new HashSet<>();
            batch.forEach(c -> ids.add(c.id));
            Map<String, Item> items = catalogue.items(ids);
            for (Candidate candidate : batch) {
                Item item = items.get(candidate.id);
                if (item != null && filters.admits(item) && result.size() < count) {
                    result.add(new Recommendation(candidate.id, candidate.score, explain.apply(candidate.id)));
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

    private static final class Candidate {
        final String id;
        double score;

        Candidate(String id) {
            this.id = id;
        }
    }
}
