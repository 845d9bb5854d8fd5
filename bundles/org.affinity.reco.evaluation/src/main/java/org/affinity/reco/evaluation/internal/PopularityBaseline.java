package org.affinity.reco.evaluation.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.evaluation.OfflineStrategy;
import org.affinity.api.job.JobContext;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.Recommender;

/**
 * The reference every strategy is measured against: the items bought by the most members in
 * training, minus what the member bought. Part of the evaluator so the bench has a baseline
 * whether or not a popularity strategy bundle is installed.
 */
final class PopularityBaseline implements OfflineStrategy {

    static final String NAME = "popularity-baseline";

    @Override
    public Recommender fit(List<Event> training, JobContext progress) {
        List<String> ranked = ranking(training);
        Map<String, Set<String>> bought = new HashMap<>();
        for (Event event : training) {
            if (event.type() == EventType.PURCHASE && event.itemId() != null) {
                bought.computeIfAbsent(event.memberId(), m -> new HashSet<>()).add(event.itemId());
            }
        }
        return request -> {
            Set<String> own = bought.getOrDefault(request.memberId(), Set.of());
            List<Recommendation> result = new ArrayList<>();
            for (int i = 0; i < ranked.size() && result.size() < request.count(); i++) {
                if (!own.contains(ranked.get(i)) && !request.filters().exclude().contains(ranked.get(i))) {
                    result.add(new Recommendation(ranked.get(i), ranked.size() - i, "a best seller"));
                }
            }
            return result;
        };
    }

    /** Items by how many members bought them, most first (ties by id). */
    static List<String> ranking(List<Event> training) {
        Map<String, Set<String>> buyers = new HashMap<>();
        for (Event event : training) {
            if (event.type() == EventType.PURCHASE && event.itemId() != null) {
                buyers.computeIfAbsent(event.itemId(), i -> new HashSet<>()).add(event.memberId());
            }
        }
        List<String> items = new ArrayList<>(buyers.keySet());
        items.sort(Comparator.comparingInt((String i) -> -buyers.get(i).size()).thenComparing(i -> i));
        return items;
    }
}
