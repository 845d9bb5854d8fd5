package org.affinity.reco.hybrid.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.affinity.api.evaluation.EvaluationReport;
import org.affinity.api.evaluation.EvaluationRequest;
import org.affinity.api.evaluation.EvaluationRow;
import org.affinity.api.evaluation.OfflineStrategy;
import org.affinity.api.event.Event;
import org.affinity.reco.cf.internal.CfOffline;
import org.affinity.reco.evaluation.internal.Evaluator;
import org.affinity.reco.popularity.internal.PopularityConfig;
import org.affinity.reco.popularity.internal.PopularityOffline;
import org.affinity.reco.testkit.Configs;
import org.affinity.reco.testkit.OnlineRetailSlice;
import org.affinity.reco.testkit.RetailAndWholesale;
import org.affinity.store.testkit.MemoryStore;
import org.affinity.store.testkit.RecordingJobContext;
import org.junit.jupiter.api.Test;

/**
 * The learned hybrid against every single strategy it blends, on two real shops of different shapes
 * (Online Retail's retail and wholesale members) and both holdouts: learning only on a validation
 * split of each holdout's training events, it must be within 1% of the best single strategy
 * everywhere and better somewhere; the shipped fixed weights are not (they lose to cf on the random holdout).
 */
class HybridLearningTest {

    private static final OnlineRetailSlice SLICE = OnlineRetailSlice.read(150_000);

    private static Map<String, OfflineStrategy> singles(MemoryStore store) {
        Map<String, OfflineStrategy> singles = new LinkedHashMap<>();
        singles.put("popularity", PopularityOffline.with(Configs.defaults(PopularityConfig.class), store, false));
        singles.put("trending", PopularityOffline.with(Configs.defaults(PopularityConfig.class), store, true));
        singles.put("cf", CfOffline.withDefaults());
        return singles;
    }

    @Test
    void theLearnedHybridIsAtLeastTheBestSingleStrategyOnEveryShopAndHoldoutAndBetterOnOne() {
        MemoryStore store = SLICE.store();
        List<String> results = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int better = 0;
        for (Map.Entry<String, List<Event>> shop : Map.of("retail", RetailAndWholesale.retail(SLICE.events), "wholesale",
                RetailAndWholesale.wholesale(SLICE.events)).entrySet()) {
            Map<String, OfflineStrategy> strategies = singles(store);
            strategies.put("hybrid", HybridOffline.with(Configs.defaults(HybridConfig.class), singles(store), store));
            strategies.put("hybrid-fixed", HybridOffline.with(Configs.of(HybridConfig.class, Map.of("learn", false)), singles(store), store));
            EvaluationReport report = Evaluator.evaluate(shop.getValue(), strategies, new EvaluationRequest(null, 0.2, 42, 0, Set.of()),
                    new RecordingJobContext());
            assertTrue(report.notes().stream().noneMatch(note -> note.contains("failed")), report.notes().toString());
            for (String holdout : List.of(Evaluator.TEMPORAL, Evaluator.RANDOM)) {
                EvaluationRow best = null;
                for (String single : List.of("popularity", "trending", "cf")) {
                    EvaluationRow row = row(report, holdout, single);
                    if (best == null || row.ndcg10() > best.ndcg10()) {
                        best = row;
                    }
                }
                EvaluationRow hybrid = row(report, holdout, "hybrid");
                assertTrue(hybrid.members() > 100, shop.getKey() + " " + holdout + ": " + hybrid);
                assertEquals(best.members(), hybrid.members());
                String line = String.format("%s %s: hybrid learned %.4f, fixed weights %.4f, best single %s %.4f", shop.getKey(), holdout,
                        hybrid.ndcg10(), row(report, holdout, "hybrid-fixed").ndcg10(), best.strategy(), best.ndcg10());
                results.add(line);
                if (hybrid.ndcg10() < 0.99 * best.ndcg10()) {
                    failures.add(line);
                }
                if (hybrid.ndcg10() > best.ndcg10()) {
                    better++;
                }
            }
        }
        results.forEach(System.out::println);
        assertTrue(failures.isEmpty(), "more than 1% below the best single strategy: " + failures);
        assertTrue(better > 0, "better than the best single strategy nowhere: " + results);
    }

    private static EvaluationRow row(EvaluationReport report, String holdout, String strategy) {
        return report.rows().stream().filter(r -> r.holdout().equals(holdout) && r.strategy().equals(strategy)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + holdout + " row for " + strategy + " in " + report));
    }
}
