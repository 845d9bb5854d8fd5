package org.affinity.search.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.affinity.api.job.Job;
import org.affinity.api.job.JobContext;
import org.affinity.api.job.JobState;
import org.affinity.api.job.JobStatus;
import org.affinity.api.job.JobTask;
import org.affinity.api.job.Jobs;

/** Jobs on two worker threads, like the platform's default, keeping every job for inspection. */
final class ThreadJobs implements Jobs, AutoCloseable {

    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final AtomicInteger sequence = new AtomicInteger();
    final List<TestJob> submitted = new CopyOnWriteArrayList<>();

    final class TestJob implements Job, JobContext {
        final String id;
        final String kind;
        volatile JobState state = JobState.QUEUED;
        volatile long total = -1;
        volatile long done;
        volatile Object result;
        volatile String error;
        volatile boolean cancel;

        TestJob(String kind) {
            this.id = kind + "-" + sequence.incrementAndGet();
            this.kind = kind;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public synchronized JobStatus status() {
            return new JobStatus(id, kind, kind, state, done, total, "items", null, Instant.now(), null, error, result);
        }

        @Override
        public synchronized JobStatus await(Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (!state.finished() && System.nanoTime() < end) {
                wait(Math.max(1, (end - System.nanoTime()) / 1_000_000));
            }
            return status();
        }

        @Override
        public boolean cancel() {
            cancel = true;
            return !state.finished();
        }

        synchronized void finish(JobState end) {
            state = end;
            notifyAll();
        }

        @Override
        public void total(long total, String unit) {
            this.total = total;
        }

        @Override
        public void done(long done) {
            this.done = done;
        }

        @Override
        public void advance(long units) {
            done += units;
        }

        @Override
        public void message(String message) {
        }

        @Override
        public boolean cancelled() {
            return cancel;
        }
    }

    @Override
    public Job submit(String kind, String title, JobTask task) {
        TestJob job = new TestJob(kind);
        submitted.add(job);
        workers.submit(() -> {
            job.state = JobState.RUNNING;
            try {
                job.result = task.run(job);
                job.finish(JobState.SUCCEEDED);
            } catch (CancellationException e) {
                job.finish(JobState.CANCELLED);
            } catch (Exception | Error e) {
                job.error = e.toString();
                e.printStackTrace();
                job.finish(JobState.FAILED);
            }
        });
        return job;
    }

    List<TestJob> of(String kind) {
        List<TestJob> found = new ArrayList<>();
        submitted.stream().filter(job -> job.kind.equals(kind)).forEach(found::add);
        return found;
    }

    @Override
    public List<JobStatus> list() {
        List<JobStatus> all = new ArrayList<>();
        submitted.forEach(job -> all.add(job.status()));
        return all;
    }

    @Override
    public Optional<Job> get(String id) {
        return submitted.stream().filter(job -> job.id.equals(id)).map(job -> (Job) job).findFirst();
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
