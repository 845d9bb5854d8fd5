package org.affinity.jobs.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.affinity.api.job.Job;
import org.affinity.api.job.JobContext;
import org.affinity.api.job.JobState;
import org.affinity.api.job.JobStatus;
import org.affinity.api.job.JobTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One job: its task, its progress counters and its outcome. Progress writes are lock-free. */
final class RunningJob implements Job, JobContext, Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningJob.class);

    private final String id;
    private final String kind;
    private final String title;
    private final JobTask task;
    private final AtomicLong done = new AtomicLong();
    private final CountDownLatch finishedLatch = new CountDownLatch(1);
    private volatile long total = -1;
    private volatile String unit;
    private volatile String message;
    private volatile JobState state = JobState.QUEUED;
    private volatile Instant started;
    private volatile Instant finished;
    private volatile String error;
    private volatile Object result;
    private volatile boolean cancelRequested;
    /** Set when the job outran its time limit: it was cancelled and ends as failed, naming the limit. */
    private volatile String overran;
    private volatile Future<?> future;
    private final java.util.function.Consumer<JobStatus> ended;

    RunningJob(String id, String kind, String title, JobTask task) {
        this(id, kind, title, task, status -> { });
    }

    /** @param ended told once, with the final status, when the job ends */
    RunningJob(String id, String kind, String title, JobTask task, java.util.function.Consumer<JobStatus> ended) {
        this.id = id;
        this.kind = kind;
        this.title = title;
        this.task = task;
        this.ended = ended;
    }

    void future(Future<?> future) {
        this.future = future;
    }

    @Override
    public void run() {
        if (cancelRequested) {
            finish(JobState.CANCELLED, null, null);
            return;
        }
        started = Instant.now();
        state = JobState.RUNNING;
        LOG.info("job {} started: {}", id, title);
        try {
            Object outcome = task.run(this);
            finish(cancelRequested ? JobState.CANCELLED : JobState.SUCCEEDED, outcome, null);
        } catch (CancellationException e) {
            finish(JobState.CANCELLED, null, null);
        } catch (Throwable e) {
            if (cancelRequested && e instanceof InterruptedException) {
                finish(JobState.CANCELLED, null, null);
            } else {
                LOG.error("job {} failed: {}", id, title, e);
                finish(JobState.FAILED, null, e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }
    }

    private void finish(JobState end, Object outcome, String failure) {
        if (end == JobState.CANCELLED && overran != null) {
            end = JobState.FAILED;
            failure = overran;
        }
        result = outcome;
        error = failure;
        finished = Instant.now();
        if (started == null) {
            started = finished;
        }
        state = end;
        finishedLatch.countDown();
        try {
            ended.accept(status());
        } catch (RuntimeException e) {
            LOG.warn("job {}: recording its end failed: {}", id, e.toString());
        }
        if (end != JobState.FAILED) {
            LOG.info("job {} {} after {} ms: {}", id, end.name().toLowerCase(), status().elapsed().toMillis(), title);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public JobStatus status() {
        return new JobStatus(id, kind, title, state, done.get(), total, unit, message, started, finished, error, result);
    }

    @Override
    public JobStatus await(Duration timeout) throws InterruptedException {
        finishedLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return status();
    }

    @Override
    public boolean cancel() {
        if (state.finished()) {
            return false;
        }
        cancelRequested = true;
        Future<?> running = future;
        if (state == JobState.QUEUED && running != null && running.cancel(false)) {
            finish(JobState.CANCELLED, null, null);
        }
        return true;
    }

    boolean finished() {
        return state.finished();
    }

    /** Stops the job if it has run longer than {@code limit}; true when it did so. */
    boolean stopIfOverran(Duration limit, Instant now) {
        Instant since = started;
        if (state != JobState.RUNNING || since == null || overran != null || !since.plus(limit).isBefore(now)) {
            return false;
        }
        overran = "stopped after running longer than its time limit of " + limit.toMinutes()
                + " min (max.duration.minutes of PID org.affinity.jobs)";
        LOG.warn("job {} {}: {}", id, overran, title);
        cancelRequested = true;
        Future<?> running = future;
        if (running != null) {
            running.cancel(true); // interrupts the worker too, for tasks waiting rather than looping
        }
        return true;
    }

    @Override
    public void total(long newTotal, String newUnit) {
        total = newTotal;
        unit = newUnit;
    }

    @Override
    public void done(long units) {
        done.set(units);
    }

    @Override
    public void advance(long units) {
        done.addAndGet(units);
    }

    @Override
    public void message(String text) {
        message = text;
    }

    @Override
    public boolean cancelled() {
        return cancelRequested || Thread.currentThread().isInterrupted();
    }
}
