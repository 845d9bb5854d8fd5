package org.affinity.reco.cf.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model search tried and chose: every trial with its validation NDCG@10 and seconds, in the
 * order they ran. The chosen one is the best score (the earlier trial on a tie, so the configured
 * settings, always trial 1, win ties).
 *
 * @param validation how the validation split was carved (dates, events, members)
 * @param stopped why the search ended ("24 trials", "budget of 120 s reached after 9 trials")
 * @param seconds the whole search
 */
record SearchReport(List<Trial> trials, String validation, String stopped, double seconds) {

    record Trial(int number, CfSettings settings, double ndcg10, double seconds) {

        Map<String, Object> describe() {
            Map<String, Object> trial = new LinkedHashMap<>();
            trial.put("trial", number);
            trial.put("family", settings.family().label);
            trial.put("parameters", settings.parameters());
            trial.put("ndcg10", Math.round(ndcg10 * 10_000) / 10_000.0);
            trial.put("seconds", Math.round(seconds * 10) / 10.0);
            return trial;
        }
    }

    SearchReport {
        trials = List.copyOf(trials);
    }

    /** Best first; ties keep trial order. */
    List<Trial> ranked() {
        List<Trial> ranked = new ArrayList<>(trials);
        ranked.sort(Comparator.comparingDouble(Trial::ndcg10).reversed());
        return ranked;
    }

    Trial chosen() {
        return ranked().get(0);
    }

    /** The best trial of another family than the chosen one (the real alternative), else the second best. */
    Trial runnerUp() {
        List<Trial> ranked = ranked();
        return ranked.stream().skip(1).filter(t -> t.settings().family() != ranked.get(0).settings().family()).findFirst()
                .orElse(ranked.size() > 1 ? ranked.get(1) : null);
    }

    /** For the model's status (REST, console, Gogo). */
    Map<String, Object> describe() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("validation", validation);
        report.put("stopped", stopped);
        report.put("seconds", Math.round(seconds * 10) / 10.0);
        if (!trials.isEmpty()) {
            report.put("chosen", chosen().describe());
            Trial runnerUp = runnerUp();
            if (runnerUp != null) {
                report.put("runnerUp", runnerUp.describe());
            }
        }
        report.put("trials", trials.stream().map(Trial::describe).toList());
        return report;
    }
}
