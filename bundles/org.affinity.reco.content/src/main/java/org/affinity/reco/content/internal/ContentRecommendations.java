package org.affinity.reco.content.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
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
        Map<String, Candidate> candidates = new HashMap<>(4 * k * Math.min(taste.entries().size(), 8));
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
                vectors.near(entry.itemId(), v, k, exclude, (id, score) -> {
                    Candidate candidate = candidates.computeIfAbsent(id, Candidate::new);
                    candidate.score += entry.weight() * Math.max(0, score);
                    if (candidate.closest == null || score > candidate.closestScore) {
                        candidate.closest = entry;
                        candidate.closestScore = score;
                    }
                });
            }
        }
        if (popularityPrior > 0) {
            candidates.values().forEach(c -> c.score *= Math.pow(1 + buyers.applyAsDouble(c.id), popularityPrior));
        }
        TasteTitles titles = new TasteTitles(taste, catalogue);
        return take(candidates.values(), count, filters, catalogue, candidate -> titles.because(candidate.closest != null
                ? candidate.closest : closest(candidate.id, taste, known)));
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
        return take(ranked, count, filters, catalogue, candidate -> "matches the interests in your profile");
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
        String explanation = "similar to " + title;
        return take(ranked, count, filters, catalogue, candidate -> explanation);
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
    private static List<Recommendation> take(Collection<Candidate> candidates, int count, Filters filters, Catalogue catalogue,
            Function<Candidate, String> explain) {
        PriorityQueue<Candidate> ranked = new PriorityQueue<>(Math.max(1, candidates.size()), BEST_FIRST);
        ranked.addAll(candidates);
        List<Recommendation> result = new ArrayList<>(count);
        int batchSize = Math.max(count * 2, 20);
        while (!ranked.isEmpty() && result.size() < count) {
            List<Candidate> batch = new ArrayList<>(batchSize);
            while (batch.size() < batchSize && !ranked.isEmpty()) {
                batch.add(ranked.poll());
            }
            Set<String> ids = new HashSet<>();
            batch.forEach(c -> ids.add(c.id));
            Map<String, Item> items = catalogue.items(ids);
            for (Candidate candidate : batch) {
                Item item = items.get(candidate.id);
                if (item != null && filters.admits(item) && result.size() < count) {
                    result.add(new Recommendation(candidate.id, candidate.score, explain.apply(candidate)));
                }
            }
        }
        return result;
    }

    private static final Comparator<Candidate> BEST_FIRST = (a, b) -> {
        int byScore = Double.compare(b.score, a.score);
        return byScore != 0 ? byScore : a.id.compareTo(b.id);
    };

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
        /** The taste item whose neighbour list holds this candidate with the highest similarity. */
        Taste.Entry closest;
        float closestScore;

        Candidate(String id) {
            this.id = id;
        }
    }
}
