package org.affinity.api.training;

import org.affinity.api.job.Job;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A strategy with a learned model, registered with the service property {@code strategy} (the
 * same name as its {@code Recommender}). Training runs as a job; the previous model keeps serving
 * until the new one is ready.
 */
@ConsumerType
public interface Trainable {

    /** Starts training now, or returns the training job already running. */
    Job train(String reason);

    ModelStatus status();
}
