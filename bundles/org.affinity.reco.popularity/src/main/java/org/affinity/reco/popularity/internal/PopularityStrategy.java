package org.affinity.reco.popularity.internal;

import java.util.List;

import org.affinity.api.evaluation.OfflineStrategy;
import org.affinity.api.event.Event;
import org.affinity.api.job.JobContext;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommender;

/** A popularity strategy served from the live model, and fitted on a subset of events for the evaluation. */
abstract class PopularityStrategy implements Recommender, OfflineStrategy {

    private final PopularityIndex index;
    private final boolean trending;

    PopularityStrategy(PopularityIndex index, boolean trending) {
        this.index = index;
        this.trending = trending;
    }

    @Override
    public List<Recommendation> recommend(RecommendationRequest request) {
        return new PopularityAnswers(index.model(), index.config().minCountryItems(), trending).recommend(request);
    }

    @Override
    public Recommender fit(List<Event> training, JobContext progress) {
        return new PopularityOffline(index.config(), index.store(), trending).fit(training, progress);
    }
}
