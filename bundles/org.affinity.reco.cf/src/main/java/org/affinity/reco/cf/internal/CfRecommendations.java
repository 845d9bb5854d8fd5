package org.affinity.reco.cf.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.affinity.api.recommend.Filters;
import org.affinity.api.recommend.Recommendation;

/**
 * Answers requests from one model: a member's top items by blended score, or an item's
 * neighbours; bought and excluded items are left out, the catalogue's filters applied, and each
 * result explained by the history item it was bought together with.
 */
final class CfRecommendations {

    private final CfModel model;
    private final CfScorer scorer;
    private final float neighbourWeight;

    CfRecommendations(CfModel model, float neighbourWeight) {
        this.model = model;
        this.scorer = new CfScorer(model);
        this.neighbourWeight = neighbourWeight;
    }

    CfModel model() {
        return model;
    }

    CfScorer scorer() {
        return scorer;
    }

    List<Recommendation> forMember(History history, int count, Filters filters, Catalogue catalogue) {
        return forMember(history, count, filters, catalogue, null);
    }

    /**
     * @param candidates if not null, only these items (from the vector index) and the history's
     *        co-purchase neighbours are ranked
     */
    List<Recommendation> forMember(History history, int count, Filters filters, Catalogue catalogue,
            Collection<String> candidates) {
        boolean[] only = null;
        if (candidates != null) {
            only = new boolean[model.items.length];
            for (String id : candidates) {
                Integer i = model.itemIndex.get(id);
                if (i != null) {
                    only[i] = true;
                }
            }
        }
        float[] scores = scorer.scores(history, neighbourWeight, only);
        if (scores == null) {
            return List.of();
        }
        int[] ranked = rank(scores, history, filters, -1);
        return take(ranked, scores, count, filters, catalogue, target -> {
            int because = scorer.because(history, target);
            return because >= 0 ? "bought together with " + catalogue.title(model.items[because])
                    : "members with your taste bought it";
        });
    }

    List<Recommendation> similar(String itemId, int count, Filters filters, Catalogue catalogue) {
        Integer anchor = model.itemIndex.get(itemId);
        if (anchor == null) {
            return List.of();
        }
        float[] scores = new float[model.items.length];
        // Co-purchase neighbours first (scores above 1), then the rest by factor cosine.
        for (int i = 0; i < scores.length; i++) {
            scores[i] = i == anchor ? Float.NEGATIVE_INFINITY : scorer.factorCosine(anchor, i);
        }
        int[] row = model.neighbours.neighbours[anchor];
        for (int p = 0; p < row.length; p++) {
            scores[row[p]] = 1 + model.neighbours.similarity[anchor][p];
        }
        String title = catalogue.title(itemId);
        int[] ranked = rank(scores, History.EMPTY, filters, anchor);
        return take(ranked, scores, count, filters, catalogue,
                target -> scores[target] > 1 ? "bought together with " + title : "bought by members who buy " + title);
    }

    /** Candidate indices by score, best first, without bought (unless allowed), excluded and anchor items. */
    private int[] rank(float[] scores, History history, Filters filters, int anchor) {
        int depth = Math.min(scores.length, 500);
        TopK top = new TopK(depth);
        for (int i = 0; i < scores.length; i++) {
            String id = model.items[i];
            if (i == anchor || scores[i] == Float.NEGATIVE_INFINITY || filters.exclude().contains(id)
                    || (!filters.allowRepurchase() && history.bought().contains(id))) {
                continue;
            }
            top.offer(i, scores[i]);
        }
        return top.ids();
    }

    private List<Recommendation> take(int[] ranked, float[] scores, int count, Filters filters, Catalogue catalogue,
            java.util.function.IntFunction<String> explain) {
        List<Recommendation> result = new ArrayList<>(count);
        int from = 0;
        while (result.size() < count && from < ranked.length) {
            int to = Math.min(ranked.length, from + Math.max(count * 2, 20));
            List<String> batch = new ArrayList<>(to - from);
            for (int p = from; p < to; p++) {
                batch.add(model.items[ranked[p]]);
            }
            Map<String, Boolean> accepted = catalogue.accepted(batch, filters);
            for (int p = from; p < to && result.size() < count; p++) {
                if (accepted.getOrDefault(model.items[ranked[p]], false)) {
                    result.add(new Recommendation(model.items[ranked[p]], scores[ranked[p]], explain.apply(ranked[p])));
                }
            }
            from = to;
        }
        return result;
    }
}
