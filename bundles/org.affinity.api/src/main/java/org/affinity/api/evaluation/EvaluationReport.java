package org.affinity.api.evaluation;

import java.util.List;

/**
 * Results of an offline evaluation.
 *
 * @param rows one per holdout and strategy; the "popularity-baseline" rows are computed by the
 *        evaluator itself as the reference
 * @param notes how the holdouts were made (split time, test members, events), and strategies that failed
 */
public record EvaluationReport(List<EvaluationRow> rows, List<String> notes) {

    public EvaluationReport {
        rows = List.copyOf(rows);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
