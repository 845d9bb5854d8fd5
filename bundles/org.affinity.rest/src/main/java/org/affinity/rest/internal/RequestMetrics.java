package org.affinity.rest.internal;

import javax.servlet.http.HttpServletRequest;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Request durations by operation (the documented operationId, "unknown" otherwise), method and status,
 * in the platform's Prometheus registry while one is present (org.affinity.metrics).
 */
final class RequestMetrics {

    private volatile Histogram durations;
    private PrometheusRegistry registry;

    synchronized void bind(PrometheusRegistry with) {
        Histogram histogram = Histogram.builder().name("affinity_http_request_duration_seconds")
                .help("API requests by operation, method and status, with their latency")
                .labelNames("operation", "method", "status").classicOnly()
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10).build();
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

    void observe(HttpServletRequest request, int status, long startedNanos, String operation) {
        Histogram histogram = durations;
        if (histogram != null) {
            try {
                histogram.labelValues(operation, request.getMethod(), Integer.toString(status))
                        .observe((System.nanoTime() - startedNanos) / 1e9);
            } catch (RuntimeException | LinkageError e) {
                durations = null; // a metric must never fail a request: stop recording, say so once
                org.slf4j.LoggerFactory.getLogger(RequestMetrics.class).warn("request metrics stopped: {}", e.toString());
            }
        }
    }
}
