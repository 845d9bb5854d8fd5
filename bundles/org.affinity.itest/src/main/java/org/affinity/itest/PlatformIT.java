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
import org.osgi.framework.Constants;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.service.http.runtime.HttpServiceRuntime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The resolved runtime boots with every Affinity bundle active and answers on /api/health. */
class PlatformIT {

    @InjectBundleContext
    BundleContext context;

    @Test
    void everyAffinityBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        int affinity = 0;
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            if (name.startsWith("org.affinity.")) {
                affinity++;
                boolean fragment = bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
                if (!fragment && bundle.getState() != Bundle.ACTIVE) {
                    notActive.add(name + " is " + bundle.getState());
                }
            }
        }
        assertTrue(affinity >= 5, "the runtime holds the Affinity bundles: " + affinity);
        assertTrue(notActive.isEmpty(), "not active: " + notActive);
    }

    @Test
    void everyBundleOfTheRuntimeIsActive() {
        for (Bundle bundle : context.getBundles()) {
            boolean fragment = bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
            if (!fragment) {
                assertEquals(Bundle.ACTIVE, bundle.getState(), bundle.getSymbolicName() + " is not active");
            }
        }
    }

    @Test
    void healthAnswersWithVersionUptimeAndBundleStates(@InjectService(timeout = 10000) HttpServiceRuntime http)
            throws Exception {
        HttpResponse<String> response = Http.get(http, "/api/health");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        JsonNode health = new ObjectMapper().readTree(response.body());
        assertEquals("UP", health.get("status").asText(), response.body());
        assertEquals(context.getBundle().getVersion().toString(), health.get("version").asText());
        assertTrue(health.get("uptimeSeconds").asDouble() > 0);
        List<String> reported = new ArrayList<>();
        health.get("bundles").forEach(b -> {
            reported.add(b.get("symbolicName").asText());
            assertEquals("ACTIVE", b.get("state").asText(), b.toString());
        });
        assertTrue(reported.contains("org.affinity.rest"), reported.toString());
        assertTrue(reported.contains("org.affinity.jobs"), reported.toString());
        assertFalse(health.has("unsatisfiedComponents"), response.body());
    }

    @Test
    void unknownJobIsA404WithAJsonReason(@InjectService(timeout = 10000) HttpServiceRuntime http) throws Exception {
        HttpResponse<String> response = Http.get(http, "/api/jobs/nope-1");
        assertEquals(404, response.statusCode());
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertEquals("no job 'nope-1'", body.get("detail").asText());
    }
}
