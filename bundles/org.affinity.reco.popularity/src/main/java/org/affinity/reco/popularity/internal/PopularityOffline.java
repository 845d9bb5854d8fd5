package org.affinity.reco.popularity.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.affinity.api.evaluation.OfflineStrategy;
import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.job.JobContext;
import org.affinity.api.recommend.Filters;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommender;
import org.affinity.api.store.Store;

/**
 * popularity or trending counted from a subset of events, for offline evaluation. Members' countries
 * and the catalogue come from the store (facts, not behaviour); trends are measured from the newest
 * training event. Leaves out what the member bought or returned in training, as the router does
 * when it serves a popularity list.
 */
public final class PopularityOffline implements OfflineStrategy {

    private final PopularityConfig config;
    private final Store store;
    private final boolean trending;

    PopularityOffline(PopularityConfig config, Store store, boolean trending) {
        this.config = config;
        this.store = store;
        this.trending = trending;
    }

    /** Outside OSGi (benchmarks). */
    public static PopularityOffline with(PopularityConfig config, Store store, boolean trending) {
        return new PopularityOffline(config, store, trending);
    }

    @Override
    public Recommender fit(List<Event> training, JobContext progress) {
        PopularityModel model = new PopularityModel(PopularityModel.weights(config.weights()), config.halfLifeDays());
        store.scanMembers(model::put);
        store.scanItems(model::put);
        Map<String, Set<String>> kept = new HashMap<>();
        for (Event event : training) {
            model.add(event);
            if (event.itemId() != null && (event.type() == EventType.PURCHASE || event.type() == EventType.RETURN)) {
                kept.computeIfAbsent(event.memberId(), m -> new HashSet<>()).add(event.itemId());
            }
        }
        PopularityAnswers answers = new PopularityAnswers(model, config.minCountryItems(), trending);
        return request -> {
            Set<String> own = request.memberId() == null ? null : kept.get(request.memberId());
            if (own == null || request.filters().allowRepurchase()) {
                return answers.recommend(request);
            }
            Filters asked = request.filters();
            Set<String> exclude = new HashSet<>(asked.exclude());
            exclude.addAll(own);
            return answers.recommend(new RecommendationRequest(request.memberId(), request.itemId(), request.count(),
                    new Filters(asked.categories(), asked.minPrice(), asked.maxPrice(), asked.availableOnly(), exclude,
                            asked.allowRepurchase()), request.context(), request.strategy()));
        };
    }
}
