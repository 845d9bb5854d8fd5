package org.affinity.metrics.internal;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The platform's one Prometheus registry, shared as a service: capabilities record into it (the
 * API gate its requests, the router its recommendations, the job runner its jobs) with an optional
 * reference, and /api/metrics scrapes it. Holds the JVM's memory, GC, thread and class metrics.
 * Not the library's static default registry: an updated bundle starts from a registry of its own.
 */
@Component(service = PrometheusRegistry.class, immediate = true)
public class MetricsRegistry extends PrometheusRegistry {

    @Activate
    void activate() {
        JvmMetrics.builder().register(this);
    }

    @Deactivate
    void deactivate() {
        clear();
    }
}
