package org.affinity.api.recommend;

import java.util.List;

/**
 * Recommendations as served.
 *
 * @param items best first
 * @param strategy the strategy that produced them
 * @param arm the A/B arm or route that chose the strategy ("default", "request", "ab:hybrid"...)
 * @param fallbacks strategies tried before, each with why it was skipped
 */
public record RecommendationResult(List<Recommendation> items, String strategy, String arm, List<String> fallbacks) {

    public RecommendationResult {
        items = List.copyOf(items);
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
    }
}
