package org.affinity.reco.cf.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.affinity.api.evaluation.EvaluationReport;
import org.affinity.api.evaluation.EvaluationRequest;
import org.affinity.api.evaluation.OfflineStrategy;
import org.affinity.api.event.Event;
import org.affinity.reco.evaluation.internal.Evaluator;
import org.affinity.store.testkit.RecordingJobContext;

/** Manual tuning run (not a test): java ... Experiment [name=setting ...]. */
public final class Experiment {

    public static void main(String[] args) throws Exception {
        List<Event> events = org.affinity.reco.testkit.OnlineRetailSlice.read(Integer.MAX_VALUE).events;
        System.out.println(events.size() + " events");
        Map<String, OfflineStrategy> strategies = new LinkedHashMap<>();
        for (String arg : args) {
            String[] p = arg.split(":");
            if (p[0].equals("ease")) {
                strategies.put(arg, new EaseCandidate(Double.parseDouble(p[1])));
                continue;
            }
            // name:factors:iterations:lambda:alpha:neighbourWeight:shrink
            strategies.put(arg, new CfOffline(new CfSettings(new Als.Settings(Integer.parseInt(p[1]), Integer.parseInt(p[2]),
                    Float.parseFloat(p[3]), Float.parseFloat(p[4]), 3, 42), 50, Float.parseFloat(p[6]), Float.parseFloat(p[5]))));
        }
        EvaluationReport report = Evaluator.evaluate(events, strategies,
                new EvaluationRequest(null, 0.2, 42, 0, java.util.Set.of()), new RecordingJobContext());

        report.notes().forEach(System.out::println);
        report.rows().forEach(r -> System.out.printf("%-8s %-40s n=%d R10=%.4f R20=%.4f NDCG=%.4f MAP=%.4f cov=%.3f pop=%.0f %.1fs%n",
                r.holdout(), r.strategy(), r.members(), r.recall10(), r.recall20(), r.ndcg10(), r.map10(), r.coverage(),
                r.popularityRank(), r.seconds()));
    }
}
