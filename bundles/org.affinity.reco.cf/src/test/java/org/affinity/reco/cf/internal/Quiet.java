package org.affinity.reco.cf.internal;

import org.affinity.api.job.JobContext;

/** A job context that reports nowhere and is never cancelled. */
final class Quiet implements JobContext {

    @Override
    public void total(long total, String unit) {
    }

    @Override
    public void done(long done) {
    }

    @Override
    public void advance(long units) {
    }

    @Override
    public void message(String message) {
    }

    @Override
    public boolean cancelled() {
        return false;
    }
}
