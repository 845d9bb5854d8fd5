package org.affinity.reco.hybrid.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.affinity.api.recommend.Recommendation;

/**
 * Fuses ranked lists from several strategies into one. Each item keeps the explanation of the
 * strategy that contributed most to its score.
 */
final class Fusion {

    /** One strategy's answer and its weight. */
    record Ranked(String strategy, double weight, List<Recommendation> items) {
    }

    private static final class Fused {
        double score;
        double best = Double.NEGATIVE_INFINITY;
        String explanation;

        void add(double contribution, String why) {
            score += contribution;
            if (contribution > best) {
                best = contribution;
                explanation = why;
            }
        }
    }

    private Fusion() {
    }

    /** Reciprocal-rank fusion: sum of weight / (k + rank). */
    static List<Recommendation> rrf(List<Ranked> lists, int k) {
        Map<String, Fused> fused = new HashMap<>();
        for (Ranked list : lists) {
            for (int rank = 0; rank < list.items().size(); rank++) {
                Recommendation r = list.items().get(rank);
                fused.computeIfAbsent(r.itemId(), id -> new Fused()).add(list.weight() / (k + rank + 1), r.explanation());
            }
        }
        return sorted(fused);
    }

    /** Weighted sum of each list's scores normalised to [0, 1] (min-max within the list). */
    static List<Recommendation> weighted(List<Ranked> lists) {
        Map<String, Fused> fused = new HashMap<>();
        for (Ranked list : lists) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (Recommendation r : list.items()) {
                min = Math.min(min, r.score());
                max = Math.max(max, r.score());
            }
            double span = max - min;
            for (Recommendation r : list.items()) {
                double normalised = span > 0 ? (r.score() - min) / span : 1;
                fused.computeIfAbsent(r.itemId(), id -> new Fused()).add(list.weight() * normalised, r.explanation());
            }
        }
        return sorted(fused);
    }

    private static List<Recommendation> sorted(Map<String, Fused> fused) {
        List<Recommendation> result = new ArrayList<>(fused.size());
        fused.forEach((id, f) -> result.add(new Recommendation(id, f.score, f.explanation)));
        result.sort(Comparator.comparingDouble(Recommendation::score).reversed().thenComparing(Recommendation::itemId));
        return result;
    }
}
