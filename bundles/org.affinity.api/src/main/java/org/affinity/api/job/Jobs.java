package org.affinity.api.job;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs long jobs in the background and keeps their progress, so the console, the REST API and the
 * web console all watch the same thing.
 */
@ProviderType
public interface Jobs {

    /** Queues a job; it runs as soon as a worker is free. */
    Job submit(String kind, String title, JobTask task);

    /** Recent and running jobs, newest first. */
    List<JobStatus> list();

    Optional<Job> get(String id);
}
