package org.affinity.api.evaluation;

import java.time.Instant;
import java.util.Set;

/**
 * What to evaluate.
 *
 * @param splitAt temporal holdout: train before, test after; null for the time that leaves the
 *        last {@code holdoutShare} of events for testing
 * @param holdoutShare share of each member's items held out in the random holdout (and of events in
 *        the automatic temporal split), e.g. 0.2
 * @param seed seed of the random holdout and member sampling
 * @param maxMembers test at most this many members per holdout (a seeded sample), 0 for all
 * @param strategies strategies to evaluate, empty for every present one
 * @param tuned also evaluate each strategy that tunes itself after its tuning on the training
 *        events, next to its row as configured (since 1.2)
 */
public record EvaluationRequest(Instant splitAt, double holdoutShare, long seed, int maxMembers, Set<String> strategies,
        boolean tuned) {

    /** Every strategy as configured only. */
    public EvaluationRequest(Instant splitAt, double holdoutShare, long seed, int maxMembers, Set<String> strategies) {
        this(splitAt, holdoutShare, seed, maxMembers, strategies, false);
    }

    public EvaluationRequest {
        if (!(holdoutShare > 0 && holdoutShare < 1)) {
            throw new IllegalArgumentException("holdoutShare must be between 0 and 1, was " + holdoutShare);
        }
        if (maxMembers < 0) {
            throw new IllegalArgumentException("maxMembers must not be negative, was " + maxMembers);
        }
        strategies = strategies == null ? Set.of() : Set.copyOf(strategies);
    }

    public static EvaluationRequest defaults() {
        return new EvaluationRequest(null, 0.2, 42, 0, Set.of());
    }
}
