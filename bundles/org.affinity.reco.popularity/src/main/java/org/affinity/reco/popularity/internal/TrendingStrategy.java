package org.affinity.reco.popularity.internal;

import org.affinity.api.evaluation.OfflineStrategy;
import org.affinity.api.recommend.Recommender;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Strategy "trending": popularity with a half-life, so what sells now outranks last year's hits. */
@Component(service = {Recommender.class, OfflineStrategy.class}, property = Recommender.STRATEGY + "=trending")
public class TrendingStrategy extends PopularityStrategy {

    @Activate
    public TrendingStrategy(@Reference PopularityIndex index) {
        super(index, true);
    }
}
