package org.affinity.api.recommend;

/** One recommended item with its score (strategy-specific scale) and a short human explanation. */
public record Recommendation(String itemId, double score, String explanation) {
}
