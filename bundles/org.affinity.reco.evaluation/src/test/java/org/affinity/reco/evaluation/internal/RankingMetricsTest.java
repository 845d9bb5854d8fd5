package org.affinity.reco.evaluation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The metrics on lists small enough to compute by hand. */
class RankingMetricsTest {

    static final Map<String, Integer> RANK = Map.of("a", 1, "b", 2, "c", 3, "d", 4);

    @Test
    void aPerfectListScoresOne() {
        RankingMetrics metrics = new RankingMetrics(RANK);
        metrics.add(List.of("a", "b"), Set.of("a", "b"));
        assertEquals(1.0, metrics.recall10(), 1e-9);
        assertEquals(1.0, metrics.recall20(), 1e-9);
        assertEquals(1.0, metrics.ndcg10(), 1e-9);
        assertEquals(1.0, metrics.map10(), 1e-9);
        assertEquals(1.5, metrics.popularityRank(), 1e-9);
        assertEquals(0.5, metrics.coverage(4), 1e-9);
    }

    @Test
    void oneHitInSecondPlaceOfTwoRelevant() {
        RankingMetrics metrics = new RankingMetrics(RANK);
        metrics.add(List.of("x", "a", "y"), Set.of("a", "b"));
        assertEquals(0.5, metrics.recall10(), 1e-9);
        // DCG = 1/log2(3); IDCG = 1 + 1/log2(3)
        double dcg = 1 / (Math.log(3) / Math.log(2));
        assertEquals(dcg / (1 + dcg), metrics.ndcg10(), 1e-9);
        // AP@10 = (1/2) / min(10, 2)
        assertEquals(0.25, metrics.map10(), 1e-9);
        // x and y are unknown to training: rank size + 1 = 5
        assertEquals((5 + 1 + 5) / 3.0, metrics.popularityRank(), 1e-9);
    }

    @Test
    void hitsBeyondTenCountOnlyForRecallAtTwenty() {
        RankingMetrics metrics = new RankingMetrics(RANK);
        List<String> ranked = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ranked.add("miss" + i);
        }
        ranked.add("a");
        metrics.add(ranked, Set.of("a"));
        assertEquals(0.0, metrics.recall10(), 1e-9);
        assertEquals(1.0, metrics.recall20(), 1e-9);
        assertEquals(0.0, metrics.ndcg10(), 1e-9);
        assertEquals(0.0, metrics.map10(), 1e-9);
    }

    @Test
    void averagesOverMembers() {
        RankingMetrics metrics = new RankingMetrics(RANK);
        metrics.add(List.of("a"), Set.of("a"));
        metrics.add(List.of("b"), Set.of("c"));
        assertEquals(2, metrics.members());
        assertEquals(0.5, metrics.recall10(), 1e-9);
        assertEquals(0.5, metrics.ndcg10(), 1e-9);
    }
}
