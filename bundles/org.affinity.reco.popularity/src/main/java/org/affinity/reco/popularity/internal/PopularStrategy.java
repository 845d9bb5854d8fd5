package org.affinity.reco.popularity.internal;

import org.affinity.api.evaluation.OfflineStrategy;
import org.affinity.api.recommend.Recommender;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Strategy "popularity": all-time favourites, the fallback of last resort. */
@Component(service = {Recommender.class, OfflineStrategy.class},
        property = {Recommender.STRATEGY + "=popularity", "service.ranking:Integer=0"})
public class PopularStrategy extends PopularityStrategy {

    @Activate
    public PopularStrategy(@Reference PopularityIndex index) {
        super(index, false);
    }
}
