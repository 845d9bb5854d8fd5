package org.affinity.api.ingest;

import org.affinity.api.job.Job;
import org.osgi.annotation.versioning.ProviderType;

/** Loads files of members, items or events into the store as a job. */
@ProviderType
public interface Importer {

    /** Starts the import; the job's result is an {@link ImportReport}. */
    Job start(ImportRequest request);
}
