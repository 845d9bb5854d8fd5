package org.affinity.reco.evaluation.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.affinity.api.evaluation.EvaluationReport;
import org.affinity.api.evaluation.EvaluationRequest;
import org.affinity.api.evaluation.EvaluationRow;
import org.affinity.api.evaluation.Holdout;
import org.affinity.api.evaluation.OfflineStrategy;
import org.affinity.api.event.Event;
import org.affinity.api.job.JobContext;
import org.affinity.api.recommend.Filters;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits every strategy on each holdout's training events and scores its top 20 for every test
 * member. Plain Java, so the console command and the bench run the same code.
 */
public final class Evaluator {

    private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);
    static final int DEPTH = 20;
    public static final String TEMPORAL = "temporal";
    public static final String RANDOM = "random";

    private Evaluator() {
    }

    /**
     * @param events every event, oldest first
     * @param strategies by name; the popularity baseline is added as the first row of each holdout
     */
    public static EvaluationReport evaluate(List<Event> events, Map<String, OfflineStrategy> strategies,
            EvaluationRequest request, JobContext progress) {
        return evaluate(events, strategies, request, Set.of(TEMPORAL, RANDOM), progress);
    }

    /** @param holdouts which holdouts to run: {@value #TEMPORAL}, {@value #RANDOM} (tuning runs take one) */
    public static EvaluationReport evaluate(List<Event> events, Map<String, OfflineStrategy> strategies,
            EvaluationRequest request, Set<String> holdouts, JobContext progress) {
        Map<String, OfflineStrategy> all = new LinkedHashMap<>();
        all.put(PopularityBaseline.NAME, new PopularityBaseline());
        strategies.forEach((name, strategy) -> {
            if (request.strategies().isEmpty() || request.strategies().contains(name)) {
                all.put(name, strategy);
            }
        });
        Instant splitAt = request.splitAt() != null ? request.splitAt() : Holdout.splitTime(events, request.holdoutShare());
        List<Holdout> runs = new ArrayList<>();
        if (holdouts.contains(TEMPORAL)) {
            runs.add(Holdout.temporal(events, splitAt).sample(request.maxMembers(), request.seed()));
        }
        if (holdouts.contains(RANDOM)) {
            runs.add(Holdout.random(events, request.holdoutShare(), request.seed()).sample(request.maxMembers(), request.seed()));
        }
        long tuning = request.tuned() ? all.values().stream().filter(Evaluator::tunes).count() : 0;
        progress.total((long) runs.size() * (all.size() + tuning), "strategy runs");
        List<EvaluationRow> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Holdout holdout : runs) {
            notes.add(holdout.note());
            List<String> ranking = PopularityBaseline.ranking(holdout.training());
            Map<String, Integer> rank = new HashMap<>();
            for (int i = 0; i < ranking.size(); i++) {
                rank.put(ranking.get(i), i + 1);
            }
            Set<String> catalogue = holdout.training().stream().filter(e -> e.itemId() != null).map(Event::itemId)
                    .collect(Collectors.toSet());
            for (Map.Entry<String, OfflineStrategy> strategy : all.entrySet()) {
                for (boolean tuned : request.tuned() && tunes(strategy.getValue()) ? new boolean[] {false, true} : new boolean[] {false}) {
                    String label = strategy.getKey() + (tuned ? " (tuned)" : "");
                    progress.checkCancelled();
                    progress.message(holdout.name() + ": " + label);
                    try {
                        rows.add(run(holdout, strategy.getKey(), strategy.getValue(), tuned, rank, catalogue.size(),
                                progress.nested(holdout.name() + ": " + label + ": ")));
                    } catch (CancellationException e) {
                        throw e;
                    } catch (Exception e) {
                        LOG.warn("evaluating {} on the {} holdout failed", label, holdout.name(), e);
                        notes.add(label + " failed on the " + holdout.name() + " holdout: " + e);
                    }
                    progress.advance(1);
                }
            }
        }
        return new EvaluationReport(rows, notes);
    }

    /**
     * Whether the strategy tunes itself: it has its own {@code fitTuned} (or holdout-aware fit).
     * Strategies that do not would only repeat their row as configured.
     */
    public static boolean tunes(OfflineStrategy strategy) {
        try {
            return strategy.getClass().getMethod("fitTuned", List.class, JobContext.class).getDeclaringClass() != OfflineStrategy.class
                    || strategy.getClass().getMethod("fit", List.class, String.class, boolean.class, JobContext.class)
                            .getDeclaringClass() != OfflineStrategy.class;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static EvaluationRow run(Holdout holdout, String name, OfflineStrategy strategy, boolean tuned, Map<String, Integer> rank,
            int catalogue, JobContext progress) throws Exception {
        long start = System.nanoTime();
        Recommender fitted = strategy.fit(holdout.training(), holdout.name(), tuned, progress);
        RankingMetrics metrics = new RankingMetrics(rank);
        Filters filters = new Filters(null, null, null, false, null, false);
        AtomicInteger answered = new AtomicInteger();
        holdout.relevant().entrySet().parallelStream().forEach(member -> {
            if (answered.incrementAndGet() % 256 == 0) {
                progress.checkCancelled();
            }
            List<Recommendation> items = fitted.recommend(new RecommendationRequest(member.getKey(), null, DEPTH, filters,
                    Map.of(), name));
            metrics.add(items.stream().map(Recommendation::itemId).collect(Collectors.toList()), member.getValue());
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EvaluationRow(holdout.name(), name, metrics.members(), metrics.recall10(), metrics.recall20(),
                metrics.ndcg10(), metrics.map10(), metrics.coverage(catalogue), metrics.popularityRank(), seconds, tuned);
    }
}
