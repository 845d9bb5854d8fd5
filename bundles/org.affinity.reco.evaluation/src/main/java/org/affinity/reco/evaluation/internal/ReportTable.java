package org.affinity.reco.evaluation.internal;

import java.util.ArrayList;
import java.util.List;

import org.affinity.api.evaluation.EvaluationReport;
import org.affinity.api.evaluation.EvaluationRow;

/** An evaluation report as markdown tables, one per holdout, with each strategy's NDCG@10 relative to the baseline. */
public final class ReportTable {

    private ReportTable() {
    }

    public static List<String> lines(EvaluationReport report) {
        List<String> lines = new ArrayList<>();
        String holdout = null;
        double baseline = 0;
        for (EvaluationRow row : report.rows()) {
            if (!row.holdout().equals(holdout)) {
                holdout = row.holdout();
                baseline = report.rows().stream().filter(r -> r.holdout().equals(row.holdout())
                        && r.strategy().equals(PopularityBaseline.NAME)).mapToDouble(EvaluationRow::ndcg10).findFirst().orElse(0);
                lines.add("");
                lines.add("holdout: " + holdout);
                lines.add("| strategy | members | Recall@10 | Recall@20 | NDCG@10 | x baseline | MAP@10 | coverage | mean pop. rank | seconds |");
                lines.add("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            }
            lines.add(String.format("| %s%s | %,d | %.4f | %.4f | %.4f | %s | %.4f | %.1f%% | %.0f | %.1f |", row.strategy(), row.tuned() ? " (tuned)" : "",
                    row.members(), row.recall10(), row.recall20(), row.ndcg10(),
                    baseline > 0 ? String.format("%.2f", row.ndcg10() / baseline) : "-", row.map10(), row.coverage() * 100,
                    row.popularityRank(), row.seconds()));
        }
        lines.add("");
        report.notes().forEach(note -> lines.add("- " + note));
        return lines;
    }
}
