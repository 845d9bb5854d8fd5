package org.affinity.api.job;

import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;

/** A handle on a submitted job. */
@ProviderType
public interface Job {

    String id();

    JobStatus status();

    /** Waits until the job finished or the timeout passed; returns the status then. */
    JobStatus await(Duration timeout) throws InterruptedException;

    /** Asks the job to stop; returns false when it had already finished. */
    boolean cancel();
}
