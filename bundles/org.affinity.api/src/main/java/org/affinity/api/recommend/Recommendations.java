package org.affinity.api.recommend;

import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The entry point for recommendations: picks a strategy (the request's, the member's segment
 * route or A/B arm, or the default) and falls back along a chain ending in popularity when a
 * strategy is missing or fails. Never fails for a valid request.
 */
@ProviderType
public interface Recommendations {

    RecommendationResult recommend(RecommendationRequest request);

    /** Names of the strategies present now. */
    Set<String> strategies();

    /** The strategy used when nothing else decides. */
    String defaultStrategy();

    /**
     * The routing in force (default strategy, routes, experiment, fallback chain).
     *
     * @since 1.1
     */
    Routing routing();

    /**
     * Replaces the routing. It is stored as configuration (PID {@code org.affinity.reco}), so it
     * survives restarts and the next request uses it.
     *
     * @throws IllegalArgumentException naming what is invalid
     * @since 1.1
     */
    Routing configure(Routing routing);

    /**
     * Compares the arms of the running experiment.
     *
     * @throws IllegalStateException when no experiment is configured
     * @since 1.1
     */
    UpliftReport uplift();
}
