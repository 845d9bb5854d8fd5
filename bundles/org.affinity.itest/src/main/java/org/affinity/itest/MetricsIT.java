package org.affinity.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectService;

/** /api/metrics as a Prometheus scraper sees it, with a key of the metrics role. */
class MetricsIT {

    @InjectService(timeout = 10000)
    HttpServiceRuntime http;

    @org.junit.jupiter.api.BeforeAll
    static void demo(@org.osgi.test.common.annotation.InjectBundleContext org.osgi.framework.BundleContext context,
            @InjectService(timeout = 10000) org.affinity.api.store.Store store,
            @InjectService(timeout = 10000) org.affinity.api.ingest.Importer importer) throws Exception {
        DemoShop.ensure(context, store, importer);
    }

    private String key(String role) throws Exception {
        HttpResponse<String> created = Http.post(http, "/api/keys", "application/json",
                Http.JSON.writeValueAsString(Map.of("name", "it-" + role, "roles", List.of(role))));
        assertEquals(201, created.statusCode(), created.body());
        return Http.json(created).get("token").asText();
    }

    private static double value(String metrics, String series) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(metrics);
        return line.find() ? Double.parseDouble(line.group(1)) : -1;
    }

    @Test
    void aScraperSeesRequestsRecommendationsJobsStoreAndTheJvm() throws Exception {
        String scraper = key("metrics");
        String reader = key("read");
        assertEquals(403, Http.get(http, "/api/metrics", reader).statusCode(), "a read key does not scrape");
        assertEquals(401, Http.get(http, "/api/metrics", Http.ANONYMOUS).statusCode());
        assertEquals(403, Http.get(http, "/api/store", scraper).statusCode(), "a metrics key reads nothing else");

        HttpResponse<String> before = Http.get(http, "/api/metrics", scraper);
        assertEquals(200, before.statusCode(), before.body());
        assertTrue(before.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        String served = "affinity_recommendations_served_total{arm=\"request\",strategy=\"popularity\"}";
        double servedBefore = Math.max(0, value(before.body(), served));
        for (int i = 0; i < 3; i++) {
            assertEquals(200, Http.get(http, "/api/items/22728/recommendations?strategy=popularity&n=3").statusCode());
        }
        String metrics = Http.get(http, "/api/metrics", scraper).body();
        assertEquals(servedBefore + 3, value(metrics, served), 0.0, "served counter:\n" + grep(metrics, "recommendations_served"));
        assertTrue(value(metrics, "affinity_http_request_duration_seconds_count{method=\"GET\",operation=\"recommendForItem\","
                + "status=\"200\"}") >= 3, grep(metrics, "recommendForItem"));
        assertTrue(value(metrics, "affinity_http_request_duration_seconds_count{method=\"GET\",operation=\"getMetrics\","
                + "status=\"403\"}") >= 1, "refused requests count too:\n" + grep(metrics, "getMetrics"));
        assertTrue(metrics.contains("affinity_store_records{kind=\"items\",type=\"\"}"), grep(metrics, "store_records"));
        assertTrue(metrics.contains("jvm_memory_used_bytes{area=\"heap\"}"), "JVM memory");
        assertTrue(metrics.contains("jvm_gc_collection_seconds_count"), "GC");
        assertTrue(metrics.contains("affinity_embedding_model_loaded{active=\"true\",model=\"all-minilm-l6-v2-q\"} 1"),
                grep(metrics, "embedding_model"));
        assertTrue(metrics.contains("# TYPE affinity_job_duration_seconds histogram"), "job durations");

        HttpResponse<String> open = Http.send(http, HttpRequest.newBuilder(Http.uri(http, "/api/metrics"))
                .header("Accept", "application/openmetrics-text; version=1.0.0").GET(), scraper);
        assertTrue(open.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
        assertTrue(open.body().strip().endsWith("# EOF"));
    }

    private static String grep(String text, String word) {
        return String.join("\n", text.lines().filter(l -> l.contains(word)).limit(20).toList());
    }
}
