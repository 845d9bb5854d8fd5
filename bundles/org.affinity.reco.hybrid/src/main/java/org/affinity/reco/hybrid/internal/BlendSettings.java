package org.affinity.reco.hybrid.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One way of blending: what {@link Blend} needs from the configuration, as a value, so the blend
 * search can try variants of it without a configuration object for each.
 *
 * @param weights per strategy (rrf, weighted); a strategy not listed gets {@code otherWeight}
 */
record BlendSettings(String mode, Map<String, Double> weights, double otherWeight, int rrfK, int coldHistory,
        List<String> coldStrategies, List<String> warmStrategies, double mmrLambda, int maxPerCategory, int candidateFactor) {

    static final String WEIGHTED = "weighted";
    static final String RRF = "rrf";
    static final String SWITCHING = "switching";

    BlendSettings {
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        coldStrategies = List.copyOf(coldStrategies);
        warmStrategies = List.copyOf(warmStrategies);
    }

    static BlendSettings of(HybridConfig config) {
        return new BlendSettings(config.mode(), parseWeights(config.weights()), config.otherWeight(), config.rrfK(), config.coldHistory(),
                List.of(config.coldStrategies()), List.of(config.warmStrategies()), config.mmrLambda(), config.maxPerCategory(),
                config.candidateFactor());
    }

    static Map<String, Double> parseWeights(String[] lines) {
        Map<String, Double> parsed = new LinkedHashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("weights: expected strategy=weight, was '" + line + "'");
            }
            String value = line.substring(eq + 1).trim();
            try {
                parsed.put(line.substring(0, eq).trim(), Double.parseDouble(value));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("weights: '" + value + "' in '" + line + "' is not a number");
            }
        }
        return parsed;
    }

    double weight(String strategy) {
        return weights.getOrDefault(strategy, otherWeight);
    }

    /** A fusion of exactly these weights (others left out), in a mode and with an MMR lambda; the rest unchanged. */
    BlendSettings fusing(String fusionMode, Map<String, Double> exactly, int k, double lambda) {
        return new BlendSettings(fusionMode, exactly, 0, k, coldHistory, coldStrategies, warmStrategies, lambda, maxPerCategory,
                candidateFactor);
    }

    /** "weighted cf=1.0 content=0.5, MMR 0.8" */
    String describe() {
        StringJoiner joined = new StringJoiner(" ");
        weights.forEach((name, weight) -> {
            if (weight > 0) {
                joined.add(name + "=" + String.format(Locale.ROOT, "%.2f", weight));
            }
        });
        String fusion = mode.equals(RRF) ? "rrf (k " + rrfK + ")" : mode;
        return fusion + " " + joined + (otherWeight > 0 ? " others=" + otherWeight : "") + ", MMR " + mmrLambda;
    }
}
