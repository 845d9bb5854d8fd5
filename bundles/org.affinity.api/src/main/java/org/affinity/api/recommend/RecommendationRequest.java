package org.affinity.api.recommend;

import java.util.Map;

/**
 * What to recommend.
 *
 * @param memberId for whom, or null for anonymous / item-to-item requests
 * @param itemId "more like this" anchor, or null
 * @param count how many items
 * @param filters what results must satisfy
 * @param context request context (country, page, channel...)
 * @param strategy the strategy asked for, or null to let routing decide
 */
public record RecommendationRequest(String memberId, String itemId, int count, Filters filters,
        Map<String, String> context, String strategy) {

    public RecommendationRequest {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        filters = filters == null ? Filters.NONE : filters;
        context = context == null ? Map.of() : Map.copyOf(context);
    }

    public static RecommendationRequest forMember(String memberId, int count) {
        return new RecommendationRequest(memberId, null, count, null, null, null);
    }

    public static RecommendationRequest forItem(String itemId, int count) {
        return new RecommendationRequest(null, itemId, count, null, null, null);
    }

    public RecommendationRequest withStrategy(String name) {
        return new RecommendationRequest(memberId, itemId, count, filters, context, name);
    }
}
