package org.affinity.api.training;

import java.time.Instant;
import java.util.Map;

/**
 * The model a strategy serves and its training.
 *
 * @param strategy the strategy name
 * @param modelId the model in use ("cf-als-7"), or null before the first training
 * @param trainedAt when that model finished training, or null
 * @param members members it learned from
 * @param items items it knows
 * @param events events it learned from
 * @param eventsSince events stored since it was trained (a retraining trigger)
 * @param trainingJob the running training job's id, or null
 * @param details model settings and figures (factors, iterations, seconds...)
 */
public record ModelStatus(String strategy, String modelId, Instant trainedAt, long members, long items, long events,
        long eventsSince, String trainingJob, Map<String, Object> details) {

    public ModelStatus {
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
