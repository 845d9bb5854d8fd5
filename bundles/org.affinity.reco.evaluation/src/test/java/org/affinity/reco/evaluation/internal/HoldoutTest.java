package org.affinity.reco.evaluation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.affinity.api.evaluation.EvaluationReport;
import org.affinity.api.evaluation.EvaluationRequest;
import org.affinity.api.evaluation.EvaluationRow;
import org.affinity.api.evaluation.Holdout;
import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.reco.testkit.OnlineRetailSlice;
import org.affinity.store.testkit.RecordingJobContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Holdouts on a real slice (Online Retail, December 2010 - February 2011): no leakage, seeded. */
class HoldoutTest {

    static List<Event> events;

    @BeforeAll
    static void read() {
        events = OnlineRetailSlice.read(100_000).events;
    }

    @Test
    void theTemporalHoldoutTrainsBeforeTheSplitAndTestsOnlyNewPurchases() {
        Instant split = Holdout.splitTime(events, 0.2);
        Holdout holdout = Holdout.temporal(events, split);
        assertTrue(holdout.training().stream().allMatch(e -> e.timestamp().isBefore(split)));
        long after = events.stream().filter(e -> !e.timestamp().isBefore(split)).count();
        assertEquals(0.2, (double) after / events.size(), 0.02);
        assertTrue(holdout.relevant().size() > 100, holdout.note());
        for (Map.Entry<String, Set<String>> member : holdout.relevant().entrySet()) {
            Set<String> boughtBefore = new HashSet<>();
            holdout.training().stream().filter(e -> e.memberId().equals(member.getKey()) && e.type() == EventType.PURCHASE)
                    .forEach(e -> boughtBefore.add(e.itemId()));
            for (String item : member.getValue()) {
                assertFalse(boughtBefore.contains(item), member.getKey() + " bought " + item + " in training");
            }
        }
    }

    @Test
    void theRandomHoldoutRemovesHeldPairsAndIsSeeded() {
        Holdout holdout = Holdout.random(events, 0.2, 7);
        assertEquals(holdout.relevant(), Holdout.random(events, 0.2, 7).relevant());
        assertFalse(holdout.relevant().equals(Holdout.random(events, 0.2, 8).relevant()));
        for (Event event : holdout.training()) {
            assertFalse(holdout.relevant().getOrDefault(event.memberId(), Set.of()).contains(event.itemId()), event.toString());
        }
        assertEquals(30, holdout.sample(30, 1).relevant().size());
    }

    @Test
    void theBaselineIsEveryTablesFirstRow() {
        EvaluationReport report = Evaluator.evaluate(events, Map.of(), new EvaluationRequest(null, 0.2, 42, 200, Set.of()),
                new RecordingJobContext());
        assertEquals(List.of("temporal", "random"), report.rows().stream().map(EvaluationRow::holdout).toList());
        report.rows().forEach(row -> {
            assertEquals(PopularityBaseline.NAME, row.strategy());
            assertEquals(200, row.members());
            assertTrue(row.ndcg10() > 0 && row.popularityRank() < 20, row.toString());
        });
        assertTrue(ReportTable.lines(report).stream().anyMatch(l -> l.startsWith("| popularity-baseline | 200 |")));
    }

    @Test
    void ndcgCountsHitsByRankAgainstTheIdealOrder() {
        double expected = (1 + 1 / (Math.log(4) / Math.log(2))) / (1 + 1 / (Math.log(3) / Math.log(2)));
        assertEquals(expected, Holdout.ndcg(10, List.of("a", "x", "b"), Set.of("a", "b")), 1e-12);
        assertEquals(1.0, Holdout.ndcg(2, List.of("b", "a", "c"), Set.of("a", "b", "c")), 1e-12);
        assertEquals(0.0, Holdout.ndcg(10, null, Set.of("a")));
        Holdout holdout = new Holdout("t", List.of(), Map.of("m1", Set.of("a"), "m2", Set.of("b")), "");
        assertEquals(0.5, holdout.ndcg(10, member -> member.equals("m1") ? List.of("a") : List.of("a")), 1e-12);
    }
}
