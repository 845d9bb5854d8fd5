package org.affinity.reco.cf.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.affinity.api.evaluation.EvaluationReport;
import org.affinity.api.evaluation.EvaluationRequest;
import org.affinity.api.evaluation.OfflineStrategy;
import org.affinity.api.event.Event;
import org.affinity.reco.evaluation.internal.Evaluator;
import org.affinity.store.testkit.RecordingJobContext;

/**
 * Manual comparison run (not a test), the whole Online Retail file, temporal holdout:
 * java ... Experiment [--split yyyy-mm-dd] [--members N] candidate...
 * where a candidate is ease:lambda[:items] (EASE alone on the most-bought items), bpr:factors:epochs:learningRate:regularisation
 * (BPR-MF, {@link BprCandidate}), name:factors:iterations:lambda:alpha:neighbourWeight:shrink
 * (neighbourWeight 0 is ALS alone, 1 the item-item neighbours alone), "default" (cf as shipped, no
 * search) or tuned[:trials[:seconds]] (cf's model search on the training events, then the winner).
 */
public final class Experiment {

    public static void main(String[] args) throws Exception {
        List<Event> events = org.affinity.reco.testkit.OnlineRetailSlice.read(Integer.MAX_VALUE).events;
        System.out.println(events.size() + " events");
        Instant split = null;
        int members = 0;
        Map<String, OfflineStrategy> strategies = new LinkedHashMap<>();
        Map<String, CfOffline> eases = new LinkedHashMap<>();
        for (int a = 0; a < args.length; a++) {
            String arg = args[a];
            if (arg.equals("--split")) {
                split = LocalDate.parse(args[++a]).atStartOfDay(ZoneOffset.UTC).toInstant();
                continue;
            }
            if (arg.equals("--members")) {
                members = Integer.parseInt(args[++a]);
                continue;
            }
            String[] p = arg.split(":");
            if (p[0].equals("default")) {
                strategies.put(arg, CfOffline.withDefaults());
                continue;
            }
            if (p[0].equals("tuned")) {
                CfOffline tuned = CfOffline.withDefaults().withSearchBudget(p.length > 1 ? Integer.parseInt(p[1]) : 24,
                        p.length > 2 ? Double.parseDouble(p[2]) : 120);
                strategies.put(arg, (training, progress) -> {
                    RecordingJobContext search = new RecordingJobContext();
                    org.affinity.api.recommend.Recommender fitted = tuned.fitTuned(training, search);
                    search.messages().stream().filter(m -> m.startsWith("trial") || m.startsWith("chosen"))
                            .forEach(m -> System.out.println("  " + m));
                    System.out.println("tuned model: " + tuned.last.settings.describe() + ", search "
                            + String.format("%.1f s, whole fit %.1f s", tuned.last.search.seconds(), tuned.last.trainingSeconds));
                    return fitted;
                });
                continue;
            }
            if (p[0].equals("bpr")) {
                strategies.put(arg, new BprCandidate(Integer.parseInt(p[1]), Integer.parseInt(p[2]), Float.parseFloat(p[3]),
                        Float.parseFloat(p[4]), 42));
                continue;
            }
            if (p[0].equals("ease")) {
                CfOffline ease = new CfOffline(new CfSettings(CfSettings.Family.EASE, CfSettings.defaults().als(), 50, 10f, 0f,
                        Float.parseFloat(p[1]), p.length > 2 ? Integer.parseInt(p[2]) : CfSettings.DEFAULT_EASE_ITEMS));
                strategies.put(arg, ease);
                eases.put(arg, ease);
                continue;
            }
            strategies.put(arg, new CfOffline(new CfSettings(new Als.Settings(Integer.parseInt(p[1]), Integer.parseInt(p[2]),
                    Float.parseFloat(p[3]), Float.parseFloat(p[4]), 3, 42), 50, Float.parseFloat(p[6]), Float.parseFloat(p[5]))));
        }
        EvaluationReport report = Evaluator.evaluate(events, strategies, new EvaluationRequest(split, 0.2, 42, members, Set.of()),
                Set.of(Evaluator.TEMPORAL), new RecordingJobContext());

        report.notes().forEach(System.out::println);
        report.rows().forEach(r -> System.out.printf("%-8s %-40s n=%d R10=%.4f R20=%.4f NDCG=%.4f MAP=%.4f cov=%.3f pop=%.0f %.1fs%n",
                r.holdout(), r.strategy(), r.members(), r.recall10(), r.recall20(), r.ndcg10(), r.map10(), r.coverage(),
                r.popularityRank(), r.seconds()));
        eases.forEach((name, ease) -> System.out.printf("%s: %,d items, fitted in %.1f s%n", name, ease.last.ease.size,
                ease.last.trainingSeconds));
    }
}
