package org.affinity.api.recommend;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A recommendation strategy, registered with the service property {@value #STRATEGY} (e.g.
 * "popularity", "cf", "content", "hybrid"). Strategies come and go at runtime; callers go through
 * {@link Recommendations}, which routes and falls back.
 */
@ConsumerType
public interface Recommender {

    /** Service property naming the strategy. */
    String STRATEGY = "strategy";

    /**
     * Recommends up to {@code request.count()} items for a member, or items like
     * {@code request.itemId()} when one is given. Best first.
     */
    List<Recommendation> recommend(RecommendationRequest request);
}
