package org.affinity.reco.cf.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a cf model is made of: its family (which learned part, whether neighbour votes count) and
 * every hyperparameter, from the component configuration, a test or the model search.
 *
 * @param neighbourWeight share of neighbour votes in the score of the blend families
 * @param easeLambda EASE's L2 regularisation
 * @param easeItems the most-bought items EASE learns weights for (it costs items^3 time, items^2 memory)
 */
record CfSettings(Family family, Als.Settings als, int neighbours, float shrink, float neighbourWeight, float easeLambda,
        int easeItems) {

    static final float DEFAULT_EASE_LAMBDA = 300f;
    static final int DEFAULT_EASE_ITEMS = 3000;

    /** The model families cf can serve. Item-item neighbours are always computed: explanations need them. */
    enum Family {
        ALS("als"), EASE("ease"), NEIGHBOURS("neighbours"), ALS_NEIGHBOURS("als+neighbours"), EASE_NEIGHBOURS("ease+neighbours");

        final String label;

        Family(String label) {
            this.label = label;
        }

        boolean als() {
            return this == ALS || this == ALS_NEIGHBOURS;
        }

        boolean ease() {
            return this == EASE || this == EASE_NEIGHBOURS;
        }

        boolean blend() {
            return this == ALS_NEIGHBOURS || this == EASE_NEIGHBOURS;
        }

        static Family of(String label) {
            for (Family family : values()) {
                if (family.label.equalsIgnoreCase(label.trim())) {
                    return family;
                }
            }
            throw new IllegalArgumentException("no cf model family '" + label + "'; known: als, ease, neighbours, als+neighbours, ease+neighbours");
        }
    }

    /** ALS blended with neighbours, as cf shipped before it tuned itself (tests, old model files). */
    CfSettings(Als.Settings als, int neighbours, float shrink, float neighbourWeight) {
        this(Family.ALS_NEIGHBOURS, als, neighbours, shrink, neighbourWeight, DEFAULT_EASE_LAMBDA, DEFAULT_EASE_ITEMS);
    }

    static CfSettings defaults() {
        return new CfSettings(new Als.Settings(64, 15, 0.1f, 10f, 3, 42), 50, 10f, 0.5f);
    }

    /** The share of neighbour votes the family gives the score: 0 for a learned model alone, 1 for neighbours alone. */
    float weight() {
        return family.blend() ? neighbourWeight : family == Family.NEIGHBOURS ? 1f : 0f;
    }

    CfSettings with(Family family) {
        return new CfSettings(family, als, neighbours, shrink, neighbourWeight, easeLambda, easeItems);
    }

    CfSettings withAls(Als.Settings als) {
        return new CfSettings(family, als, neighbours, shrink, neighbourWeight, easeLambda, easeItems);
    }

    CfSettings withNeighbours(int neighbours, float shrink) {
        return new CfSettings(family, als, neighbours, shrink, neighbourWeight, easeLambda, easeItems);
    }

    CfSettings withWeight(float neighbourWeight) {
        return new CfSettings(family, als, neighbours, shrink, neighbourWeight, easeLambda, easeItems);
    }

    CfSettings withEaseLambda(float easeLambda) {
        return new CfSettings(family, als, neighbours, shrink, neighbourWeight, easeLambda, easeItems);
    }

    /** The parameters that matter to the family, by their configuration names. */
    Map<String, Object> parameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (family.als()) {
            parameters.put("factors", als.factors());
            parameters.put("iterations", als.iterations());
            parameters.put("regularization", als.regularization());
            parameters.put("alpha", als.alpha());
        }
        if (family.ease()) {
            parameters.put("easeLambda", easeLambda);
            parameters.put("easeItems", easeItems);
        }
        if (family.blend() || family == Family.NEIGHBOURS) {
            parameters.put("neighbours", neighbours);
            parameters.put("shrink", shrink);
        }
        if (family.blend()) {
            parameters.put("neighbourWeight", neighbourWeight);
        }
        return parameters;
    }

    /** "ease+neighbours easeLambda=300 ... neighbourWeight=0.35", as progress messages and logs show it. */
    String describe() {
        StringBuilder text = new StringBuilder(family.label);
        parameters().forEach((name, value) -> text.append(' ').append(name).append('=')
                .append(value instanceof Float f ? String.format(Locale.ROOT, "%s", trim(f)) : value));
        return text.toString();
    }

    private static String trim(float value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
