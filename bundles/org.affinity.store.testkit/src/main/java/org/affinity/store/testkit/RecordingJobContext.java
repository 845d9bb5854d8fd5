package org.affinity.store.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.affinity.api.job.JobContext;

/**
 * A JobContext for running a job's work directly (tests, benchmarks): it records what the job
 * reports (total, unit, done, messages) and is cancelled only when {@link #cancel()} is called.
 * Safe to report to from several threads, as parallel jobs do.
 */
public final class RecordingJobContext implements JobContext {

    private volatile long total = -1;
    private volatile String unit;
    private final AtomicLong done = new AtomicLong();
    private final List<String> messages = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean cancelled;

    @Override
    public void total(long total, String unit) {
        this.total = total;
        this.unit = unit;
    }

    @Override
    public void done(long done) {
        this.done.set(done);
    }

    @Override
    public void advance(long units) {
        done.addAndGet(units);
    }

    @Override
    public void message(String message) {
        messages.add(message);
    }

    @Override
    public boolean cancelled() {
        return cancelled;
    }

    /** Asks the job to stop: its next {@link #checkCancelled()} throws. */
    public void cancel() {
        cancelled = true;
    }

    /** The amount of work the job announced, -1 while unknown. */
    public long total() {
        return total;
    }

    /** The unit of {@link #total()} ("lines", "events"), or null before the job announced it. */
    public String unit() {
        return unit;
    }

    public long done() {
        return done.get();
    }

    /** Every message the job reported, oldest first. */
    public List<String> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }
}
