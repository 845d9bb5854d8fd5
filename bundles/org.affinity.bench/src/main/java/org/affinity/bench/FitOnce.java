package org.affinity.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.affinity.api.evaluation.OfflineStrategy;
import org.affinity.api.event.Event;
import org.affinity.api.job.JobContext;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommender;

/**
 * A strategy fitted once per training set, its answers remembered: the strategy's own row and every
 * hybrid variant that combines it share one fit and one answer per request, so comparing ten hybrid
 * settings costs ten fusions, not ten trainings. Strategies are deterministic, so results do not change.
 */
final class FitOnce implements OfflineStrategy {

    private final OfflineStrategy strategy;
    /** The training set fitted on: its size and its first and last events (each holdout makes its own list of the same events). */
    private List<Object> trainedOn;
    private Recommender fitted;

    FitOnce(OfflineStrategy strategy) {
        this.strategy = strategy;
    }

    @Override
    public synchronized Recommender fit(List<Event> training, JobContext progress) throws Exception {
        List<Object> key = training.isEmpty() ? List.of() : List.of(training.size(), training.get(0), training.get(training.size() - 1));
        if (!key.equals(trainedOn)) {
            Recommender fresh = strategy.fit(training, progress);
            Map<RecommendationRequest, List<Recommendation>> answers = new ConcurrentHashMap<>();
            fitted = request -> {
                // The strategy name differs between the row ("cf") and hybrid's call ("cf" too, but may be null): not part of the key.
                RecommendationRequest asked = request.withStrategy(null);
                List<Recommendation> answer = answers.get(asked);
                if (answer == null) {
                    answer = List.copyOf(fresh.recommend(request));
                    answers.put(asked, answer);
                }
                return answer;
            };
            trainedOn = key;
        }
        return fitted;
    }
}
