package org.affinity.api.embedding;

import org.affinity.api.job.Job;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Something that keeps vectors made by the embedding model (item vectors, member vectors, FAQ
 * answers) and can make them again from its own texts. Registered as a service by the capability
 * that owns the vectors; after a model switch, {@code affinity:model reembed} (and whoever else
 * manages models) starts it, so vectors of the old model are not left behind.
 *
 * @since 1.2
 */
@ConsumerType
public interface Reembeddable {

    /** The vector collection it fills ("items", "members", ...). */
    String collection();

    /** Starts embedding everything again with the active model, as a job with progress. */
    Job reembed();
}
