package org.affinity.marketing.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.affinity.api.job.Job;
import org.affinity.api.job.JobContext;
import org.affinity.api.job.JobState;
import org.affinity.api.job.JobStatus;
import org.affinity.api.job.JobTask;
import org.affinity.api.job.Jobs;

/** Jobs for tests: each on a thread of its own, progress kept, failures kept as the job's error. */
final class InlineJobs implements Jobs {

    static final class InlineJob implements Job, JobContext {
        private final String id;
        private final String kind;
        private final String title;
        private final CountDownLatch finished = new CountDownLatch(1);
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private volatile JobState state = JobState.RUNNING;
        private volatile long total = -1;
        private volatile long done;
        private volatile String unit;
        private volatile String message;
        private volatile Object result;
        private volatile Throwable error;

        InlineJob(String id, String kind, String title) {
            this.id = id;
            this.kind = kind;
            this.title = title;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public JobStatus status() {
            return new JobStatus(id, kind, title, state, done, total, unit, message, Instant.EPOCH, null,
                    error == null ? null : error.toString(), result);
        }

        @Override
        public JobStatus await(Duration timeout) throws InterruptedException {
            finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return status();
        }

        @Override
        public boolean cancel() {
            cancelled.set(true);
            return state == JobState.RUNNING;
        }

        @Override
        public void total(long newTotal, String newUnit) {
            total = newTotal;
            unit = newUnit;
        }

        @Override
        public void done(long units) {
            done = units;
        }

        @Override
        public void advance(long units) {
            done += units;
        }

        @Override
        public void message(String text) {
            message = text;
        }

        @Override
        public boolean cancelled() {
            return cancelled.get();
        }

        Throwable error() {
            return error;
        }
    }

    private int next;

    @Override
    public synchronized Job submit(String kind, String title, JobTask task) {
        InlineJob job = new InlineJob("job-" + (++next), kind, title);
        Thread thread = new Thread(() -> {
            try {
                job.result = task.run(job);
                job.state = JobState.SUCCEEDED;
            } catch (Throwable e) {
                job.error = e;
                job.state = JobState.FAILED;
            } finally {
                job.finished.countDown();
            }
        }, "test-job-" + next);
        thread.setDaemon(true);
        thread.start();
        return job;
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
