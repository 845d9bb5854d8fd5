package org.affinity.reco.cf.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.affinity.api.recommend.Filters;
import org.affinity.api.recommend.Recommendation;

/**
 * Answers requests from one model: a member's top items by blended score, or an item's
 * neighbours; bought and excluded items are left out, the catalogue's filters applied, and each
 * result explained by the history item it was bought together with.
 */
final class CfRecommendations {

    /** Candidates ranked per request: enough that filters rejecting most of the best still leave a full answer. */
    static final int RANK_DEPTH = 500;

    private final CfModel model;
    private final CfScorer scorer;
    private final float neighbourWeight;

    /** With the blend the model was trained for. */
    CfRecommendations(CfModel model) {
        this(model, model.settings.weight());
    }

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
        CfScorer.Scratch scratch = CfScorer.Scratch.of(model.items.length);
        boolean[] only = null;
        if (candidates != null) {
            only = scratch.only;
            Arrays.fill(only, false);
            for (String id : candidates) {
                Integer i = model.itemIndex.get(id);
                if (i != null) {
                    only[i] = true;
                }
            }
        }
        float[] scores = scorer.scores(history, neighbourWeight, only, scratch);
        if (scores == null) {
            return List.of();
        }
        int[] chosen = take(rank(scores, history, filters, -1, scratch), count, filters, catalogue);
        // Explanations name history items: their titles in one look-up, not one per result.
        int[] because = new int[chosen.length];
        Set<String> named = new HashSet<>();
        for (int p = 0; p < chosen.length; p++) {
            because[p] = scorer.because(history, chosen[p]);
            if (because[p] >= 0) {
                named.add(model.items[because[p]]);
            }
        }
        Map<String, String> titles = named.isEmpty() ? Map.of() : catalogue.titles(named);
        List<Recommendation> result = new ArrayList<>(chosen.length);
        for (int p = 0; p < chosen.length; p++) {
            String explanation = because[p] >= 0 ? "bought together with " + titles.get(model.items[because[p]])
                    : "members with your taste bought it";
            result.add(new Recommendation(model.items[chosen[p]], scores[chosen[p]], explanation));
        }
        return result;
    }

    List<Recommendation> similar(String itemId, int count, Filters filters, Catalogue catalogue) {
        Integer anchor = model.itemIndex.get(itemId);
        if (anchor == null) {
            return List.of();
        }
        CfScorer.Scratch scratch = CfScorer.Scratch.of(model.items.length);
        float[] scores = scratch.scores;
        // Co-purchase neighbours first (scores above 1), then the rest by the learned model's affinity.
        for (int i = 0; i < scores.length; i++) {
            scores[i] = i == anchor ? Float.NEGATIVE_INFINITY : scorer.affinity(anchor, i);
        }
        int[] row = model.neighbours.neighbours[anchor];
        for (int p = 0; p < row.length; p++) {
            scores[row[p]] = 1 + model.neighbours.similarity[anchor][p];
        }
        String title = catalogue.title(itemId);
        int[] chosen = take(rank(scores, History.EMPTY, filters, anchor, scratch), count, filters, catalogue);
        List<Recommendation> result = new ArrayList<>(chosen.length);
        for (int target : chosen) {
            result.add(new Recommendation(model.items[target], scores[target],
                    scores[target] > 1 ? "bought together with " + title : "bought by members who buy " + title));
        }
        return result;
    }

    /**
     * The best {@link #RANK_DEPTH} candidates by score, in the thread's scratch heap, without bought
     * (unless allowed), excluded and anchor items. Those are struck out of {@code scores} by index (a
     * look-up per bought item, not a set look-up per catalogue item).
     */
    private TopK rank(float[] scores, History history, Filters filters, int anchor, CfScorer.Scratch scratch) {
        strikeOut(scores, filters.exclude());
        if (!filters.allowRepurchase()) {
            strikeOut(scores, history.bought());
        }
        TopK top = new TopK(scratch.rankIds.length, scratch.rankIds, scratch.rankScores);
        for (int i = 0; i < scores.length; i++) {
            if (i != anchor && scores[i] != Float.NEGATIVE_INFINITY) {
                top.offer(i, scores[i]);
            }
        }
        return top;
    }

    private void strikeOut(float[] scores, Collection<String> ids) {
        for (String id : ids) {
            Integer i = model.itemIndex.get(id);
            if (i != null) {
                scores[i] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    /** The first {@code count} ranked items the catalogue accepts, checked in batches. */
    private int[] take(TopK top, int count, Filters filters, Catalogue catalogue) {
        int[] ranked = top.sortedIds();
        int length = top.size();
        int[] chosen = new int[Math.min(count, length)];
        int taken = 0;
        int from = 0;
        while (taken < chosen.length && from < length) {
            int to = Math.min(length, from + Math.max(count * 2, 20));
            List<String> batch = new ArrayList<>(to - from);
            for (int p = from; p < to; p++) {
                batch.add(model.items[ranked[p]]);
            }
            Map<String, Boolean> accepted = catalogue.accepted(batch, filters);
            for (int p = from; p < to && taken < chosen.length; p++) {
                if (accepted.getOrDefault(model.items[ranked[p]], false)) {
                    chosen[taken++] = ranked[p];
                }
            }
            from = to;
        }
        return taken == chosen.length ? chosen : Arrays.copyOf(chosen, taken);
    }
}
