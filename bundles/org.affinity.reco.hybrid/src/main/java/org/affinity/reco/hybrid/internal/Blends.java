package org.affinity.reco.hybrid.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.ToIntFunction;

import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommender;

/**
 * The blend for warm members and the one for cold members (fewer than {@code coldHistory} events,
 * and anonymous requests). One blend for both when nothing distinguishes them: then no member's
 * history is looked up.
 */
final class Blends {

    private final Blend warm;
    private final Blend cold;
    private final int coldHistory;

    Blends(Blend warm, Blend cold, int coldHistory) {
        this.warm = warm;
        this.cold = cold;
        this.coldHistory = coldHistory;
    }

    /** One configured blend for every member. */
    static Blends of(Blend blend) {
        return new Blends(blend, blend, 0);
    }

    Blend warm() {
        return warm;
    }

    Blend cold() {
        return cold;
    }

    /** Whether the strategy named can contribute to either blend (offline fits only those). */
    boolean uses(String strategy) {
        return warm.uses(strategy) || cold.uses(strategy);
    }

    List<Recommendation> recommend(RecommendationRequest request, Map<String, Recommender> present, ToIntFunction<String> history,
            Blend.Catalogue catalogue, Executor parallel) {
        Blend blend = warm;
        if (cold != warm && (request.memberId() == null || history.applyAsInt(request.memberId()) < coldHistory)) {
            blend = cold;
        }
        return blend.recommend(request, present, history, catalogue, parallel);
    }
}
