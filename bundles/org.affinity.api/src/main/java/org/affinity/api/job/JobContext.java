package org.affinity.api.job;

import java.util.concurrent.CancellationException;

import org.osgi.annotation.versioning.ProviderType;

/** What a running job uses to report progress and to learn it was cancelled. */
@ProviderType
public interface JobContext {

    /** Sets the amount of work, once known (-1: unknown). */
    void total(long total, String unit);

    /** Sets the units done so far. */
    void done(long done);

    /** Adds to the units done. */
    void advance(long units);

    void message(String message);

    boolean cancelled();

    /**
     * A context for one part of this job (a fit inside a search, a strategy inside an evaluation):
     * it passes on this job's cancellation and the part's messages, prefixed (none when
     * {@code prefix} is null), but not the part's totals, which would overwrite this job's own.
     *
     * @since 1.1
     */
    default JobContext nested(String prefix) {
        JobContext outer = this;
        return new JobContext() {
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
                if (prefix != null) {
                    outer.message(prefix + message);
                }
            }

            @Override
            public boolean cancelled() {
                return outer.cancelled();
            }
        };
    }

    /** Throws when the job was asked to stop: call it between units of work. */
    default void checkCancelled() {
        if (cancelled()) {
            throw new CancellationException("cancelled");
        }
    }
}
