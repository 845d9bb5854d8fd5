package org.affinity.api.evaluation;

import java.util.List;

import org.affinity.api.event.Event;
import org.affinity.api.job.JobContext;
import org.affinity.api.recommend.Recommender;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A strategy that can be built from a subset of the events, so it can be evaluated on a holdout
 * without seeing the test period: {@link #fit} as currently configured (the shipped defaults until
 * someone or the strategy's own tuning changed them), {@link #fitTuned} after a search on the
 * training events only. Registered with the service property {@code strategy}.
 */
@ConsumerType
public interface OfflineStrategy {

    /**
     * Builds a throwaway instance of the strategy that knows only {@code training} (oldest first):
     * its model, and members' histories for recommendation requests.
     */
    Recommender fit(List<Event> training, JobContext progress) throws Exception;

    /**
     * Builds a throwaway instance the way the strategy would after tuning itself on {@code training}
     * alone: it searches its own settings on a validation split carved from those events (see
     * {@link Holdout}), then fits the winner on all of them. Strategies without anything to tune
     * fit as configured.
     */
    default Recommender fitTuned(List<Event> training, JobContext progress) throws Exception {
        return fit(training, progress);
    }

    /**
     * Builds a throwaway instance for an evaluation's holdout: as configured or tuned, and told how
     * that holdout was split ({@code "temporal"} or {@code "random"}), so a strategy that validates
     * on its training events (a tuning search, a learned blend) carves its validation split the same
     * way and tunes for what it is scored on. The default ignores the holdout's kind.
     *
     * @since 1.2
     */
    default Recommender fit(List<Event> training, String holdout, boolean tuned, JobContext progress) throws Exception {
        return tuned ? fitTuned(training, progress) : fit(training, progress);
    }

    /**
     * Builds a throwaway instance on {@code training} with the settings {@code like} (an earlier fit
     * of this strategy) was built with, searching nothing again: a blend learned over fits on a
     * validation split then blends the very models it serves. The default fits as
     * {@link #fit(List, String, boolean, JobContext)} does, which is right for a strategy that tunes
     * nothing.
     *
     * @since 1.3
     */
    default Recommender fitLike(Recommender like, List<Event> training, String holdout, boolean tuned, JobContext progress)
            throws Exception {
        return fit(training, holdout, tuned, progress);
    }
}
