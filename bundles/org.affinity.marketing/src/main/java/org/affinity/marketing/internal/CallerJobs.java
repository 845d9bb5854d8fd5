package org.affinity.marketing.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.affinity.api.job.Job;
import org.affinity.api.job.JobContext;
import org.affinity.api.job.JobState;
import org.affinity.api.job.JobStatus;
import org.affinity.api.job.JobTask;
import org.affinity.api.job.Jobs;

/**
 * Jobs that run at once on the calling thread, outside OSGi (benchmarks, tests): submit returns the
 * finished job; what the task throws, an Error included, becomes the job's error.
 */
final class CallerJobs implements Jobs {

    @Override
    public Job submit(String kind, String title, JobTask task) {
        Instant started = Instant.now();
        long[] progress = {-1, 0};
        String[] unit = {null};
        JobContext context = new JobContext() {
            @Override
            public void total(long total, String newUnit) {
                progress[0] = total;
                unit[0] = newUnit;
            }

            @Override
            public void done(long done) {
                progress[1] = done;
            }

            @Override
            public void advance(long units) {
                progress[1] += units;
            }

            @Override
            public void message(String message) {
                // nobody watches
            }

            @Override
            public boolean cancelled() {
                return false;
            }
        };
        JobStatus status;
        try {
            Object result = task.run(context);
            status = new JobStatus("caller", kind, title, JobState.SUCCEEDED, progress[1], progress[0], unit[0], null,
                    started, Instant.now(), null, result);
        } catch (Exception | Error e) {
            status = new JobStatus("caller", kind, title, JobState.FAILED, progress[1], progress[0], unit[0], null,
                    started, Instant.now(), e.toString(), null);
        }
        JobStatus finished = status;
        return new Job() {
            @Override
            public String id() {
                return finished.id();
            }

            @Override
            public JobStatus status() {
                return finished;
            }

            @Override
            public JobStatus await(Duration timeout) {
                return finished;
            }

            @Override
            public boolean cancel() {
                return false;
            }
        };
    }

    @Override
    public List<JobStatus> list() {
        return List.of();
    }

    @Override
    public Optional<Job> get(String id) {
        return Optional.empty();
    }
}
