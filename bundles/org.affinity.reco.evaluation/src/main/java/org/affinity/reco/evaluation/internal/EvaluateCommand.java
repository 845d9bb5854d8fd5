package org.affinity.reco.evaluation.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import org.affinity.api.evaluation.EvaluationReport;
import org.affinity.api.evaluation.EvaluationRequest;
import org.affinity.api.evaluation.Evaluations;
import org.affinity.api.job.Job;
import org.affinity.api.job.JobStatus;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** affinity:evaluate - offline evaluation of every present strategy, watched until it ends. */
@Component(service = EvaluateCommand.class, property = {
        "osgi.command.scope=affinity",
        "osgi.command.function=evaluate"})
public class EvaluateCommand {

    private final Evaluations evaluations;

    @Activate
    public EvaluateCommand(@Reference Evaluations evaluations) {
        this.evaluations = evaluations;
    }

    @Descriptor("evaluate every present recommendation strategy on the store's data (temporal and random holdout) "
            + "against a popularity baseline: Recall@10/20, NDCG@10, MAP@10, coverage, popularity bias; as configured and, with --tuned, after tuning")
    public void evaluate(
            @Descriptor("temporal split date (yyyy-mm-dd, UTC); default: the date that leaves the last --share of events for testing")
            @Parameter(names = {"-s", "--split"}, absentValue = "") String split,
            @Descriptor("share held out (random holdout: of each member's items; automatic split: of events)")
            @Parameter(names = {"--share"}, absentValue = "0.2") double share,
            @Descriptor("seed of the random holdout and the member sample")
            @Parameter(names = {"--seed"}, absentValue = "42") long seed,
            @Descriptor("test at most this many members per holdout (0: all)")
            @Parameter(names = {"-m", "--members"}, absentValue = "0") int members,
            @Descriptor("also evaluate each strategy that tunes itself (cf, hybrid) after its tuning on the training events, side by side")
            @Parameter(names = {"-t", "--tuned"}, presentValue = "true", absentValue = "false") boolean tuned,
            @Descriptor("strategies to evaluate (default: every present one)") String... strategies)
            throws InterruptedException {
        Instant splitAt = split.isBlank() ? null : LocalDate.parse(split).atStartOfDay(ZoneOffset.UTC).toInstant();
        Set<String> names = new LinkedHashSet<>(Arrays.asList(strategies));
        Job job = evaluations.evaluate(new EvaluationRequest(splitAt, share, seed, members, names, tuned));
        System.out.println("evaluating as job " + job.id() + " (affinity:jobs cancel " + job.id() + " stops it)");
        JobStatus status;
        String last = "";
        do {
            status = job.await(Duration.ofSeconds(2));
            String line = status.progressLine();
            if (!line.equals(last)) {
                System.out.println(line);
                last = line;
            }
        } while (!status.state().finished());
        if (status.result() instanceof EvaluationReport) {
            ReportTable.lines((EvaluationReport) status.result()).forEach(System.out::println);
        }
    }
}
