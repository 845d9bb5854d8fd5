package org.affinity.jobs.internal;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.affinity.api.job.JobStatus;

/**
 * Jobs that ended, by kind and end state, with how long they ran (the histogram's count is the number
 * of jobs: failures are those with state "failed"), in the platform's Prometheus registry while one is
 * present (org.affinity.metrics).
 */
final class JobMetrics {

    private volatile Histogram durations;
    private PrometheusRegistry registry;

    synchronized void bind(PrometheusRegistry with) {
        Histogram histogram = Histogram.builder().name("affinity_job_duration_seconds")
                .help("Jobs that ended, by kind and state (succeeded, failed, cancelled), and how long they ran")
                .labelNames("kind", "state").classicOnly()
                .classicUpperBounds(0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600).build();
        with.register(histogram);
        registry = with;
        durations = histogram;
    }

    synchronized void unbind(PrometheusRegistry with) {
        if (registry == with) {
            with.unregister(durations);
            durations = null;
            registry = null;
        }
    }

    void ended(JobStatus status) {
        Histogram histogram = durations;
        if (histogram != null) {
            try {
                histogram.labelValues(status.kind(), status.state().name().toLowerCase(java.util.Locale.ROOT))
                        .observe(status.elapsed().toMillis() / 1000.0);
            } catch (RuntimeException | LinkageError e) {
                durations = null; // a metric must never fail a job: stop recording, say so once
                org.slf4j.LoggerFactory.getLogger(JobMetrics.class).warn("job metrics stopped: {}", e.toString());
            }
        }
    }
}
