package org.affinity.api.recommend;

import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The entry point for recommendations: picks a strategy (the request's, the member's A/B arm or
 * segment route, or the default) and falls back along a chain ending in popularity when a
 * strategy is missing or fails. Never fails for a valid request.
 */
@ProviderType
public interface Recommendations {

    RecommendationResult recommend(RecommendationRequest request);

    /** Names of the strategies present now. */
    Set<String> strategies();

    /** The strategy used when nothing else decides. */
    String defaultStrategy();
}
