package org.affinity.reco.evaluation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import org.affinity.api.job.JobContext;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.Recommender;
import org.affinity.reco.testkit.OnlineRetailSlice;
import org.affinity.store.testkit.RecordingJobContext;
import org.junit.jupiter.api.Test;

/** "As configured" and "tuned" side by side: a second row only for strategies that tune themselves, told which holdout they are fitted for. */
class TunedRowsTest {

    private static final OnlineRetailSlice SLICE = OnlineRetailSlice.read(30_000);

    /** Best sellers of the training events; its tuned fit answers the same list reversed, so the two rows differ. */
    private static final class Tuning implements OfflineStrategy {
        final List<String> asked = new ArrayList<>();

        @Override
        public Recommender fit(List<Event> training, JobContext progress) {
            return best(training, false);
        }

        @Override
        public Recommender fitTuned(List<Event> training, JobContext progress) {
            return best(training, true);
        }

        @Override
        public Recommender fit(List<Event> training, String holdout, boolean tuned, JobContext progress) throws Exception {
            asked.add(holdout + (tuned ? " tuned" : ""));
            return OfflineStrategy.super.fit(training, holdout, tuned, progress);
        }

        private static Recommender best(List<Event> training, boolean reversed) {
            List<String> ranking = new ArrayList<>(PopularityBaseline.ranking(training).subList(0, 20));
            if (reversed) {
                java.util.Collections.reverse(ranking);
            }
            List<Recommendation> answer = ranking.stream().map(id -> new Recommendation(id, 1, "best seller")).toList();
            return request -> answer;
        }
    }

    @Test
    void tunedRowsStandNextToConfiguredOnesForStrategiesThatTune() {
        Tuning tuning = new Tuning();
        Map<String, OfflineStrategy> strategies = new LinkedHashMap<>();
        strategies.put("tuning", tuning);
        strategies.put("plain", (training, progress) -> Tuning.best(training, false));
        assertTrue(Evaluator.tunes(tuning));
        assertFalse(Evaluator.tunes(strategies.get("plain")));

        EvaluationReport report = Evaluator.evaluate(SLICE.events, strategies, new EvaluationRequest(null, 0.2, 42, 0, Set.of(), true),
                new RecordingJobContext());
        List<String> rows = report.rows().stream().map(r -> r.holdout() + " " + r.strategy() + (r.tuned() ? " tuned" : "")).toList();
        assertEquals(List.of("temporal popularity-baseline", "temporal tuning", "temporal tuning tuned", "temporal plain",
                "random popularity-baseline", "random tuning", "random tuning tuned", "random plain"), rows);
        assertEquals(List.of("temporal", "temporal tuned", "random", "random tuned"), tuning.asked);
        EvaluationRow configured = report.rows().get(1);
        EvaluationRow tuned = report.rows().get(2);
        // The tuned row is the tuned fit's (the list reversed), not the configured one again.
        assertNotEquals(configured.ndcg10(), tuned.ndcg10(), configured + " vs " + tuned);
        assertEquals(5.5, configured.popularityRank(), 1e-9);
        assertEquals(15.5, tuned.popularityRank(), 1e-9);
        assertTrue(ReportTable.lines(report).stream().anyMatch(line -> line.startsWith("| tuning (tuned) |")), ReportTable.lines(report).toString());

        // Without the flag: one row each, as before.
        EvaluationReport plain = Evaluator.evaluate(SLICE.events, strategies, new EvaluationRequest(null, 0.2, 42, 0, Set.of()),
                new RecordingJobContext());
        assertTrue(plain.rows().stream().noneMatch(EvaluationRow::tuned));
        assertEquals(6, plain.rows().size());
    }
}
