package org.affinity.api.job;

import org.osgi.annotation.versioning.ConsumerType;

/** The work of a job. It reports progress through the context and stops when asked to. */
@ConsumerType
@FunctionalInterface
public interface JobTask {

    /** Does the work; what it returns becomes the job's result. */
    Object run(JobContext context) throws Exception;
}
