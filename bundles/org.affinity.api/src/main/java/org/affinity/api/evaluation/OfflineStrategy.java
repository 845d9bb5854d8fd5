package org.affinity.api.evaluation;

import java.util.List;

import org.affinity.api.event.Event;
import org.affinity.api.job.JobContext;
import org.affinity.api.recommend.Recommender;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A strategy that can be built from a subset of the events, so it can be evaluated on a holdout
 * without seeing the test period. Registered with the service property {@code strategy}.
 */
@ConsumerType
public interface OfflineStrategy {

    /**
     * Builds a throwaway instance of the strategy that knows only {@code training} (oldest first):
     * its model, and members' histories for recommendation requests.
     */
    Recommender fit(List<Event> training, JobContext progress) throws Exception;
}
