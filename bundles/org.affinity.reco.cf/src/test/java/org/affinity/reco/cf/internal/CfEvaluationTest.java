package org.affinity.reco.cf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;

import org.affinity.api.evaluation.EvaluationReport;
import org.affinity.api.evaluation.EvaluationRequest;
import org.affinity.api.evaluation.EvaluationRow;
import org.affinity.reco.evaluation.internal.Evaluator;
import org.affinity.reco.testkit.OnlineRetailSlice;
import org.affinity.store.testkit.RecordingJobContext;
import org.junit.jupiter.api.Test;

/** cf against the popularity baseline on a temporal holdout of a real slice (Dec 2010 - Mar 2011). */
class CfEvaluationTest {

    @Test
    void cfBeatsPopularityOnTheTemporalHoldout() {
        OnlineRetailSlice slice = OnlineRetailSlice.read(150_000);
        EvaluationReport report = Evaluator.evaluate(slice.events,
                Map.of("cf", new CfOffline(new CfSettings(new Als.Settings(32, 10, 0.1f, 10f, 3, 42), 50, 10f, 0.5f))),
                new EvaluationRequest(null, 0.2, 42, 500, Set.of()), new RecordingJobContext());
        EvaluationRow popularity = row(report, "temporal", "popularity-baseline");
        EvaluationRow cf = row(report, "temporal", "cf");
        assertEquals(popularity.members(), cf.members());
        assertTrue(cf.members() > 100, report.notes().toString());
        assertTrue(cf.ndcg10() > 1.5 * popularity.ndcg10(), cf + " vs " + popularity);
        assertTrue(cf.coverage() > 5 * popularity.coverage(), cf + " vs " + popularity);
        assertTrue(cf.popularityRank() > popularity.popularityRank(), "cf recommends beyond the best sellers");
    }

    static EvaluationRow row(EvaluationReport report, String holdout, String strategy) {
        return report.rows().stream().filter(r -> r.holdout().equals(holdout) && r.strategy().equals(strategy)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + holdout + "/" + strategy + " in " + report));
    }
}
