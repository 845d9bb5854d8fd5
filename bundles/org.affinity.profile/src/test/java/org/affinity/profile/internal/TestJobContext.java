package org.affinity.profile.internal;

import java.util.ArrayList;
import java.util.List;

import org.affinity.api.job.JobContext;

/** Records what a job reports, for tests that run a job's task directly. */
final class TestJobContext implements JobContext {

    final List<String> messages = new ArrayList<>();
    long total = -1;
    long done;

    @Override
    public void total(long newTotal, String unit) {
        total = newTotal;
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
    public void message(String message) {
        messages.add(message);
    }

    @Override
    public boolean cancelled() {
        return false;
    }
}
