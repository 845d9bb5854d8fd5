package org.affinity.reco.cf.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.affinity.api.evaluation.OfflineStrategy;
import org.affinity.api.event.Event;
import org.affinity.api.job.JobContext;
import org.affinity.api.recommend.Recommender;

/** The cf strategy built from a subset of events, for offline evaluation; histories come from the same subset. */
public final class CfOffline implements OfflineStrategy {

    private final CfSettings settings;

    CfOffline(CfSettings settings) {
        this.settings = settings;
    }

    /** With the component's default settings (benchmarks). */
    public static CfOffline withDefaults() {
        return new CfOffline(CfSettings.defaults());
    }

    @Override
    public Recommender fit(List<Event> training, JobContext progress) {
        Interactions.Builder builder = new Interactions.Builder();
        Map<String, List<Event>> byMember = new HashMap<>();
        for (Event event : training) {
            builder.add(event);
            byMember.computeIfAbsent(event.memberId(), m -> new ArrayList<>()).add(event);
        }
        CfModel model = CfModel.train(0, builder.build(), training.size(), settings.als(), settings.neighbours(),
                settings.shrink(), progress);
        CfRecommendations recommendations = new CfRecommendations(model, settings.neighbourWeight());
        Map<String, History> histories = new HashMap<>();
        byMember.forEach((member, events) -> histories.put(member, History.of(events)));
        return request -> request.itemId() != null
                ? recommendations.similar(request.itemId(), request.count(), request.filters(), Catalogue.ANY)
                : recommendations.forMember(histories.getOrDefault(request.memberId(), History.EMPTY), request.count(),
                        request.filters(), Catalogue.ANY);
    }
}
