package org.affinity.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Liveness apart from readiness: /api/health answers 200 only while every capability is ready, so
 * that whoever waits for it can post events at once; /api/health/live answers 200 all along.
 */
class ReadinessIT {

    private static final String EVENT = "{\"id\":\"ready-e1\",\"type\":\"view\",\"member\":\"ready-m1\",\"item\":\"ready-i1\","
            + "\"time\":\"2011-06-01T10:00:00Z\"}";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10000)
    HttpServiceRuntime http;

    @Test
    void healthIs503NamingIngestionWhileItIsStoppedAndEventsAre200AsSoonAsHealthIs200Again() throws Exception {
        Bundle ingest = bundle("org.affinity.ingest");
        assertEquals(200, Http.get(http, "/api/health").statusCode(), "ready before the test");
        ingest.stop();
        try {
            HttpResponse<String> health = Http.get(http, "/api/health");
            assertEquals(503, health.statusCode(), health.body());
            JsonNode body = Http.json(health);
            assertEquals("application/problem+json", health.headers().firstValue("Content-Type").orElse("").split(";")[0]);
            assertEquals(503, body.get("status").asInt(), health.body());
            assertEquals("DEGRADED", body.get("readiness").asText(), health.body());
            List<String> notReady = new ArrayList<>();
            body.get("notReady").forEach(name -> notReady.add(name.asText()));
            // With ingestion, what needs its importer waits too (the demo shop, affinity:import).
            assertTrue(notReady.contains("org.affinity.ingest"), health.body());
            assertFalse(notReady.contains("org.affinity.store.jdbc"), "only what is not ready is named: " + notReady);
            assertEquals(503, Http.post(http, "/api/events", "application/json", EVENT).statusCode(),
                    "what readiness stands for: events cannot be taken");
            HttpResponse<String> live = Http.get(http, "/api/health/live");
            assertEquals(200, live.statusCode(), live.body());
            assertEquals("ALIVE", Http.json(live).get("status").asText());
        } finally {
            ingest.start();
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        HttpResponse<String> health = Http.get(http, "/api/health");
        while (health.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            health = Http.get(http, "/api/health");
        }
        assertEquals(200, health.statusCode(), health.body());
        HttpResponse<String> events = Http.post(http, "/api/events", "application/json", EVENT);
        assertEquals(200, events.statusCode(), "ready means events are taken: " + events.body());
        JsonNode body = Http.json(health);
        assertEquals("UP", body.get("status").asText());
        assertFalse(body.has("notReady"), health.body());
    }

    private Bundle bundle(String name) {
        for (Bundle bundle : context.getBundles()) {
            if (name.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError(name + " is not installed");
    }

    @Test
    void livenessIsDocumentedApartFromReadiness() throws Exception {
        JsonNode document = Http.json(Http.get(http, "/api/openapi.json"));
        assertTrue(document.at("/paths/~1api~1health/get/responses").has("503"), "readiness documents its 503");
        assertTrue(document.at("/paths/~1api~1health~1live/get/responses").has("200"));
    }
}
