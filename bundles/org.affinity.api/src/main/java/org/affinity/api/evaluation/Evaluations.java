package org.affinity.api.evaluation;

import org.affinity.api.job.Job;
import org.osgi.annotation.versioning.ProviderType;

/** Evaluates every present strategy offline; the job's result is an {@link EvaluationReport}. */
@ProviderType
public interface Evaluations {

    Job evaluate(EvaluationRequest request);
}
