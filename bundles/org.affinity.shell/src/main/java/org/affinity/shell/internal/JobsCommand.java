package org.affinity.shell.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

import org.affinity.api.job.Job;
import org.affinity.api.job.JobStatus;
import org.affinity.api.job.Jobs;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** affinity:jobs - list, watch and cancel long-running jobs. */
@Component(service = JobsCommand.class, property = {
        "osgi.command.scope=affinity",
        "osgi.command.function=jobs"})
public class JobsCommand {

    private final Jobs jobs;

    @Activate
    public JobsCommand(@Reference Jobs jobs) {
        this.jobs = jobs;
    }

    @Descriptor("list recent and running jobs with their progress")
    public void jobs() {
        List<JobStatus> all = jobs.list();
        if (all.isEmpty()) {
            System.out.println("no jobs");
        }
        all.forEach(status -> System.out.println(status.progressLine()));
    }

    @Descriptor("watch a job until it ends (Ctrl-C stops watching, not the job), or cancel it")
    public void jobs(@Descriptor("watch | cancel") String action, @Descriptor("job id") String id)
            throws InterruptedException {
        Job job = jobs.get(id).orElseThrow(() -> new IllegalArgumentException("no job '" + id + "'"));
        switch (action) {
            case "watch":
                watch(job, System.out, true);
                break;
            case "cancel":
                System.out.println(job.cancel() ? "cancelling " + id : id + " already ended");
                break;
            default:
                throw new IllegalArgumentException("unknown action '" + action + "': use watch or cancel");
        }
    }

    /**
     * Prints a progress line each second until the job ends; returns the final status. With
     * {@code printResult}, also prints what the job produced.
     */
    static JobStatus watch(Job job, PrintStream out, boolean printResult) throws InterruptedException {
        JobStatus status = job.status();
        while (!status.state().finished()) {
            out.println(status.progressLine());
            status = job.await(Duration.ofSeconds(1));
        }
        out.println(status.progressLine());
        if (printResult && status.result() != null) {
            out.println(status.result());
        }
        return status;
    }
}
