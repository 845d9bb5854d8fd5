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

    /** Throws when the job was asked to stop: call it between units of work. */
    default void checkCancelled() {
        if (cancelled()) {
            throw new CancellationException("cancelled");
        }
    }
}
