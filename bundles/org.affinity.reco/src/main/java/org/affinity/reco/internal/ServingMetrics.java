package org.affinity.reco.internal;

import java.util.List;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Recommendations served per strategy and arm, and fallbacks per skipped strategy and reason, in the
 * platform's Prometheus registry while one is present (org.affinity.metrics).
 */
final class ServingMetrics {

    private record Meters(PrometheusRegistry registry, Counter served, Counter fallbacks) {
    }

    private volatile Meters meters;

    synchronized void bind(PrometheusRegistry registry) {
        Counter served = Counter.builder().name("affinity_recommendations_served_total")
                .help("Recommendation responses, by the strategy that answered and the arm or route that chose it")
                .labelNames("strategy", "arm").build();
        Counter fallbacks = Counter.builder().name("affinity_recommendation_fallbacks_total")
                .help("Strategies skipped on the way to an answer (absent, failed, too slow)")
                .labelNames("strategy", "reason").build();
        registry.register(served);
        registry.register(fallbacks);
        meters = new Meters(registry, served, fallbacks);
    }

    synchronized void unbind(PrometheusRegistry registry) {
        Meters current = meters;
        if (current != null && current.registry() == registry) {
            registry.unregister(current.served());
            registry.unregister(current.fallbacks());
            meters = null;
        }
    }

    /** One response: who answered, through which arm, and what was skipped ("cf: not present"). */
    void served(String strategy, String arm, List<String> skipped) {
        Meters current = meters;
        if (current == null) {
            return;
        }
        try {
            count(current, strategy, arm, skipped);
        } catch (RuntimeException | LinkageError e) {
            meters = null; // a metric must never fail a recommendation: stop recording, say so once
            org.slf4j.LoggerFactory.getLogger(ServingMetrics.class).warn("recommendation metrics stopped: {}", e.toString());
        }
    }

    private static void count(Meters current, String strategy, String arm, List<String> skipped) {
        current.served().labelValues(strategy == null ? "none" : strategy, arm == null ? "" : arm).inc();
        for (String fallback : skipped) {
            int colon = fallback.indexOf(':');
            String name = colon < 0 ? fallback : fallback.substring(0, colon);
            String why = colon < 0 ? "" : fallback.substring(colon + 1).strip();
            current.fallbacks().labelValues(name, reason(why)).inc();
        }
    }

    /** A bounded label: the kind of reason, not its message. */
    private static String reason(String why) {
        if (why.startsWith("not present")) {
            return "absent";
        }
        if (why.startsWith("interrupted")) {
            return "interrupted";
        }
        return why.startsWith("timed out") || why.startsWith("skipped:") ? "timeout" : "failed";
    }
}
