package org.affinity.reco.hybrid.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.affinity.api.evaluation.EvaluationReport;
import org.affinity.api.evaluation.EvaluationRequest;
import org.affinity.api.evaluation.EvaluationRow;
import org.affinity.api.evaluation.OfflineStrategy;
import org.affinity.api.event.Event;
import org.affinity.api.job.JobContext;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommender;
import org.affinity.reco.cf.internal.CfOffline;
import org.affinity.reco.evaluation.internal.Evaluator;
import org.affinity.reco.popularity.internal.PopularityConfig;
import org.affinity.reco.popularity.internal.PopularityOffline;
import org.affinity.reco.testkit.Configs;
import org.affinity.reco.testkit.OnlineRetailSlice;
import org.affinity.store.testkit.MemoryStore;
import org.affinity.store.testkit.RecordingJobContext;
import org.junit.jupiter.api.Test;

/** Hybrid in the offline evaluation, over the real popularity, trending and cf strategies on an Online Retail slice. */
class HybridEvaluationTest {

    private static final OnlineRetailSlice SLICE = OnlineRetailSlice.read(100_000);
    /** The shipped weights, not learned. */
    private static final HybridConfig FIXED = Configs.of(HybridConfig.class, Map.of("learn", false));

    /** Counts fits, so the test sees hybrid fitting the strategies it combines. */
    private static final class Counted implements OfflineStrategy {
        final OfflineStrategy strategy;
        final AtomicInteger fits = new AtomicInteger();

        Counted(OfflineStrategy strategy) {
            this.strategy = strategy;
        }

        @Override
        public Recommender fit(List<Event> training, JobContext progress) throws Exception {
            fits.incrementAndGet();
            return strategy.fit(training, progress);
        }
    }

    private static Map<String, Counted> others(MemoryStore store) {
        Map<String, Counted> others = new LinkedHashMap<>();
        others.put("popularity", new Counted(PopularityOffline.with(Configs.defaults(PopularityConfig.class), store, false)));
        others.put("trending", new Counted(PopularityOffline.with(Configs.defaults(PopularityConfig.class), store, true)));
        others.put("cf", new Counted(CfOffline.withDefaults()));
        return others;
    }

    @Test
    void theEvaluatorReportsHybridFittedFromTheOtherStrategiesAndPopularityAndTrending() {
        MemoryStore store = SLICE.store();
        Map<String, Counted> others = others(store);
        Map<String, OfflineStrategy> strategies = new LinkedHashMap<>(others);
        // Fixed weights: learning the blend fits each strategy once more, on a validation split (HybridLearningTest).
        strategies.put("hybrid", HybridOffline.with(FIXED, new LinkedHashMap<>(others), store));
        EvaluationReport report = Evaluator.evaluate(SLICE.events, strategies, new EvaluationRequest(null, 0.2, 42, 300, Set.of()),
                Set.of(Evaluator.TEMPORAL), new RecordingJobContext());
        EvaluationRow baseline = row(report, "popularity-baseline");
        assertTrue(baseline.members() > 100, report.notes().toString());
        for (String name : List.of("popularity", "trending", "cf", "hybrid")) {
            EvaluationRow row = row(report, name);
            assertEquals(baseline.members(), row.members(), name);
            assertTrue(row.ndcg10() > 0, name + ": " + row);
            // Fitted twice: for its own row and by hybrid on the same training events; popularity
            // once, as the shipped weights leave it out of hybrid (weight 0).
            if (others.containsKey(name)) {
                assertEquals(name.equals("popularity") ? 1 : 2, others.get(name).fits.get(), name);
            }
        }
        assertTrue(report.notes().stream().noneMatch(note -> note.contains("failed")), report.notes().toString());
        // Fusing cf with the best sellers beats the best sellers alone.
        assertTrue(row(report, "hybrid").ndcg10() > 1.2 * baseline.ndcg10(), row(report, "hybrid") + " vs " + baseline);
        report.rows().forEach(System.out::println);
    }

    @Test
    void offlineHybridServesExactlyWhatTheLiveHybridServesWithTheSameStrategies() throws Exception {
        MemoryStore store = SLICE.store();
        List<Event> training = SLICE.events.subList(0, SLICE.events.size() * 4 / 5);
        Map<String, Recommender> fitted = new LinkedHashMap<>();
        for (Map.Entry<String, Counted> other : others(store).entrySet()) {
            fitted.put(other.getKey(), other.getValue().fit(training, new RecordingJobContext()));
        }
        Map<String, OfflineStrategy> prefitted = new LinkedHashMap<>();
        fitted.forEach((name, recommender) -> prefitted.put(name, (events, progress) -> recommender));
        // Shipped weights, MMR on titles from the store.
        Recommender offline = HybridOffline.with(FIXED, prefitted, store).fit(training, new RecordingJobContext());
        HybridStrategy live = new HybridStrategy(FIXED);
        live.store = store;
        List<Map.Entry<Map<String, Object>, Recommender>> bound = new ArrayList<>();
        fitted.forEach((name, r) -> bound.add(Map.entry(Map.of(Recommender.STRATEGY, name), r)));
        live.strategies = bound;
        List<String> members = training.stream().map(Event::memberId).distinct().limit(40).toList();
        for (String member : members) {
            RecommendationRequest request = RecommendationRequest.forMember(member, 10);
            List<Recommendation> served = live.recommend(request);
            assertEquals(10, served.size(), member);
            assertEquals(served, offline.recommend(request), member);
        }
    }

    @Test
    void aStrategyThatFailsToFitIsLeftOutAsLive() throws Exception {
        MemoryStore store = SLICE.store();
        Map<String, OfflineStrategy> others = new LinkedHashMap<>();
        others.put("cf", (events, progress) -> {
            throw new IllegalStateException("no model");
        });
        others.put("trending", PopularityOffline.with(Configs.defaults(PopularityConfig.class), store, true));
        Recommender hybrid = HybridOffline.with(FIXED, others, store).fit(SLICE.events, new RecordingJobContext());
        List<Recommendation> served = hybrid.recommend(RecommendationRequest.forMember(SLICE.events.get(0).memberId(), 10));
        assertEquals(10, served.size());
        assertFalse(served.stream().anyMatch(r -> r.explanation() == null));
    }

    private static EvaluationRow row(EvaluationReport report, String strategy) {
        return report.rows().stream().filter(r -> r.strategy().equals(strategy)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + strategy + " in " + report));
    }

}
