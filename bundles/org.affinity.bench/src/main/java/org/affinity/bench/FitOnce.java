package org.affinity.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.affinity.api.evaluation.OfflineStrategy;
import org.affinity.api.event.Event;
import org.affinity.api.job.JobContext;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommender;
import org.affinity.reco.evaluation.internal.Evaluator;

/**
 * A strategy fitted once per training set and configuration (as configured or tuned), its answers
 * remembered: the strategy's own rows and every hybrid that combines it share one fit and one answer
 * per request, so comparing hybrid settings costs fusions, not trainings. A few training sets are
 * kept (a holdout's and the validation split a learning hybrid carves from it). Strategies are
 * deterministic, so results do not change.
 */
final class FitOnce implements OfflineStrategy {

    private static final int KEPT = 4;

    private final OfflineStrategy strategy;
    private final boolean tunes;
    private final Map<List<Object>, Recommender> fitted = new LinkedHashMap<>(8, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Object>, Recommender> eldest) {
            return size() > KEPT;
        }
    };

    FitOnce(OfflineStrategy strategy) {
        this.strategy = strategy;
        this.tunes = Evaluator.tunes(strategy);
    }

    /** Whether the strategy tunes itself (otherwise a tuned fit is the configured one). */
    boolean tunes() {
        return tunes;
    }

    @Override
    public Recommender fit(List<Event> training, JobContext progress) throws Exception {
        return fit(training, "temporal", false, progress);
    }

    @Override
    public Recommender fitTuned(List<Event> training, JobContext progress) throws Exception {
        return fit(training, "temporal", true, progress);
    }

    @Override
    public synchronized Recommender fit(List<Event> training, String holdout, boolean tuned, JobContext progress) throws Exception {
        boolean reallyTuned = tuned && tunes;
        return remembered(key(training, holdout, reallyTuned, null), () -> strategy.fit(training, holdout, reallyTuned, progress));
    }

    /** Like an earlier fit of this wrapper: the strategy is given that fit itself. */
    @Override
    public synchronized Recommender fitLike(Recommender like, List<Event> training, String holdout, boolean tuned, JobContext progress)
            throws Exception {
        boolean reallyTuned = tuned && tunes;
        Recommender fresh = like instanceof Remembered remembered ? remembered.fresh() : like;
        return remembered(key(training, holdout, reallyTuned, fresh),
                () -> strategy.fitLike(fresh, training, holdout, reallyTuned, progress));
    }

    /** The training set: its size and its first and last events (each holdout makes its own list of the same events). */
    private static List<Object> key(List<Event> training, String holdout, boolean tuned, Recommender like) {
        List<Object> key = new java.util.ArrayList<>(training.isEmpty() ? List.of(holdout, tuned)
                : List.of(holdout, tuned, training.size(), training.get(0), training.get(training.size() - 1)));
        if (like != null) {
            key.add(new IdentityKey(like));
        }
        return key;
    }

    private record IdentityKey(Object of) {
        @Override
        public boolean equals(Object other) {
            return other instanceof IdentityKey key && key.of == of;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(of);
        }
    }

    @FunctionalInterface
    private interface Fitting {
        Recommender fit() throws Exception;
    }

    private Recommender remembered(List<Object> key, Fitting fitting) throws Exception {
        Recommender known = fitted.get(key);
        if (known == null) {
            known = new Remembered(fitting.fit(), new ConcurrentHashMap<>());
            fitted.put(key, known);
        }
        return known;
    }

    /** The strategy's own fit and its answers so far (the fit itself is what {@link #fitLike} hands the strategy). */
    private record Remembered(Recommender fresh, Map<RecommendationRequest, List<Recommendation>> answers) implements Recommender {

        @Override
        public List<Recommendation> recommend(RecommendationRequest request) {
            // The strategy name differs between the row ("cf") and hybrid's call ("cf" too, but may be null): not part of the key.
            RecommendationRequest asked = request.withStrategy(null);
            List<Recommendation> answer = answers.get(asked);
            if (answer == null) {
                answer = List.copyOf(fresh.recommend(request));
                answers.put(asked, answer);
            }
            return answer;
        }
    }
}
