package org.affinity.reco.cf.internal;

import java.util.Map;

/**
 * Scores every item of a model for a member history: the learned preference (implicit ALS: the
 * member's factors folded in from the history against the fixed item factors; EASE: the sum of the
 * history items' weight rows) blended with item-item neighbour votes, each scaled to its maximum so
 * the blend weight means the same on any data.
 */
final class CfScorer {

    /** Conjugate-gradient steps of a fold-in from zero; enough to converge for up to 128 factors in practice. */
    private static final int FOLD_IN_STEPS = 24;

    private final CfModel model;

    CfScorer(CfModel model) {
        this.model = model;
    }

    /** The member's factors for this history, or null when it has no item the model knows or the model no factors. */
    float[] memberFactors(History history) {
        return model.hasFactors() ? history.factors(model, this::foldIn) : null;
    }

    /** Whether the history holds an item the model knows. */
    private boolean known(History history) {
        for (String item : history.weights().keySet()) {
            if (model.itemIndex.containsKey(item)) {
                return true;
            }
        }
        return false;
    }

    /**
     * EASE scores of a binary history (every item with positive feedback) into {@code into}: the
     * history items' rows summed in the weights' order in {@code sums}, then placed by model item.
     */
    void easeScores(History history, float[] sums, float[] into) {
        Ease ease = model.ease;
        java.util.Arrays.fill(sums, 0, ease.size, 0f);
        for (String item : history.weights().keySet()) {
            Integer i = model.itemIndex.get(item);
            if (i != null) {
                ease.addRow(i, sums);
            }
        }
        for (int i = 0; i < into.length; i++) {
            int at = ease.position[i];
            into[i] = at < 0 ? 0f : sums[at];
        }
    }

    private float[] foldIn(History history) {
        int k = model.factors();
        int[] index = new int[history.weights().size()];
        float[] values = new float[index.length];
        int n = 0;
        for (Map.Entry<String, Float> entry : history.weights().entrySet()) {
            Integer i = model.itemIndex.get(entry.getKey());
            if (i != null) {
                index[n] = i;
                values[n++] = entry.getValue();
            }
        }
        if (n == 0) {
            return null;
        }
        double[] x = new double[k];
        Als.solveRow(x, model.gram, model.itemFactors, index, values, 0, n, model.settings.als().regularization(),
                model.settings.als().alpha(), Math.max(FOLD_IN_STEPS, k / 2));
        float[] result = new float[k];
        for (int a = 0; a < k; a++) {
            result[a] = (float) x[a];
        }
        return result;
    }

    /**
     * Work arrays of one catalogue size, one set per thread: a request fills them instead of
     * allocating arrays of the catalogue's length (most of what a request allocated). The answer is
     * read before the thread serves anything else, so nothing is shared or kept.
     */
    static final class Scratch {

        /**
         * Only JDK types in the thread-local: a value of this bundle's classes would keep the
         * bundle's class loader alive on every thread that served a request after an update.
         */
        private static final ThreadLocal<Object[]> OF_THREAD = new ThreadLocal<>();

        final float[] scores;
        final float[] votes;
        /** EASE sums in the weights' own order (contiguous adds), copied to model order once. */
        final float[] learned;
        final boolean[] only;
        /** The ranking's heap, as deep as {@link CfRecommendations} ranks. */
        final int[] rankIds;
        final float[] rankScores;

        private Scratch(Object[] arrays) {
            scores = (float[]) arrays[0];
            votes = (float[]) arrays[1];
            only = (boolean[]) arrays[2];
            rankIds = (int[]) arrays[3];
            rankScores = (float[]) arrays[4];
            learned = (float[]) arrays[5];
        }

        /** This thread's arrays, replaced when the catalogue size changed (a new model). */
        static Scratch of(int items) {
            Object[] arrays = OF_THREAD.get();
            if (arrays == null || ((float[]) arrays[0]).length != items) {
                int depth = Math.min(items, CfRecommendations.RANK_DEPTH);
                arrays = new Object[] {new float[items], new float[items], new boolean[items], new int[depth], new float[depth],
                    new float[items]};
                OF_THREAD.set(arrays);
            }
            return new Scratch(arrays);
        }
    }

    /** Dot products with every item's factors into {@code into}, or only with the items in {@code only} (the rest 0). */
    void preference(float[] memberFactors, boolean[] only, float[] into) {
        int k = model.factors();
        for (int i = 0; i < into.length; i++) {
            if (only != null && !only[i]) {
                into[i] = 0f;
                continue;
            }
            float sum = 0;
            int base = i * k;
            for (int a = 0; a < k; a++) {
                sum += model.itemFactors[base + a] * memberFactors[a];
            }
            into[i] = sum;
        }
    }

    /** Sum over the history of each item's similarity as a neighbour of the history items, weighted, into {@code votes}. */
    void neighbourVotes(History history, float[] votes) {
        java.util.Arrays.fill(votes, 0f);
        history.weights().forEach((item, weight) -> {
            Integer j = model.itemIndex.get(item);
            if (j != null) {
                int[] row = model.neighbours.neighbours[j];
                float[] similarity = model.neighbours.similarity[j];
                for (int p = 0; p < row.length; p++) {
                    votes[row[p]] += weight * similarity[p];
                }
            }
        });
    }

    /**
     * (1 - w) x preference + w x votes, each divided by its maximum; null when the history is
     * unknown. With {@code candidates}, only those items and the history's neighbours get a score
     * (the rest negative infinity), so a large catalogue is not scored in full; the history's
     * neighbours are added to {@code candidates} in place. The result is {@code scratch.scores}.
     */
    float[] scores(History history, float neighbourWeight, boolean[] candidates, Scratch scratch) {
        if (!known(history)) {
            return null;
        }
        float[] factors = memberFactors(history);
        float[] votes = scratch.votes;
        neighbourVotes(history, votes);
        boolean[] only = candidates;
        if (only != null) {
            for (int i = 0; i < only.length; i++) {
                only[i] |= votes[i] > 0f;
            }
        }
        float[] scores = scratch.scores;
        if (neighbourWeight >= 1f || (factors == null && model.ease == null)) {
            java.util.Arrays.fill(scores, 0f);
        } else if (factors != null) {
            preference(factors, only, scores);
        } else {
            easeScores(history, scratch.learned, scores);
        }
        if (neighbourWeight <= 0f) {
            java.util.Arrays.fill(votes, 0f);
        }
        float maxPreference = max(scores);
        float maxVotes = max(votes);
        // The blend in place: each score is read once, before it is overwritten.
        for (int i = 0; i < scores.length; i++) {
            scores[i] = only != null && !only[i] ? Float.NEGATIVE_INFINITY
                    : (1 - neighbourWeight) * (maxPreference > 0 ? scores[i] / maxPreference : 0)
                            + neighbourWeight * (maxVotes > 0 ? votes[i] / maxVotes : 0);
        }
        return scores;
    }

    /** The history item most similar to {@code target} by co-purchase, or -1 when none is a neighbour. */
    int because(History history, int target) {
        return model.neighbours.closest(target, i -> history.weights().containsKey(model.items[i]));
    }

    /**
     * How much b goes with a beyond their co-purchases (item mode): cosine of their factors, else
     * b's EASE weight in a's row squashed below 1 (co-purchase neighbours rank above 1), else
     * negative infinity: a model of neighbours alone knows nothing beyond them.
     */
    float affinity(int a, int b) {
        if (model.hasFactors()) {
            return factorCosine(a, b);
        }
        if (model.ease == null) {
            return Float.NEGATIVE_INFINITY;
        }
        float weight = model.ease.weight(a, b);
        return weight / (1 + Math.abs(weight));
    }

    /** Cosine of two items' factors, for items with few co-purchases. */
    float factorCosine(int a, int b) {
        int k = model.factors();
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int f = 0; f < k; f++) {
            float x = model.itemFactors[a * k + f];
            float y = model.itemFactors[b * k + f];
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        return na == 0 || nb == 0 ? 0 : (float) (dot / Math.sqrt(na * nb));
    }

    private static float max(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
