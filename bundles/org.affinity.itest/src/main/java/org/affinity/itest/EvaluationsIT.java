package org.affinity.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.affinity.api.ingest.Importer;
import org.affinity.api.store.Store;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import com.fasterxml.jackson.databind.JsonNode;

/** POST /api/evaluations on the demo shop: a job whose result is the report; a wrong request is a 400 naming it. */
class EvaluationsIT {

    @InjectService(timeout = 10000)
    HttpServiceRuntime http;

    @BeforeAll
    static void demo(@InjectBundleContext BundleContext context, @InjectService(timeout = 10000) Store store,
            @InjectService(timeout = 10000) Importer importer) throws Exception {
        DemoShop.ensure(context, store, importer);
    }

    @Test
    void anEvaluationRunsAsAJobAndReportsBothHoldouts() throws Exception {
        HttpResponse<String> started = Http.post(http, "/api/evaluations", "application/json",
                "{\"split\": \"2011-11-01\", \"members\": 300, \"seed\": 7, \"strategies\": [\"popularity\"]}");
        assertEquals(202, started.statusCode(), started.body());
        String id = Http.json(started).get("id").asText();
        assertEquals("/api/jobs/" + id, started.headers().firstValue("Location").orElseThrow());

        JsonNode job = await(id, Duration.ofMinutes(3));
        assertEquals("SUCCEEDED", job.get("state").asText(), job.toString());
        Set<String> rows = new HashSet<>();
        for (JsonNode row : job.at("/result/rows")) {
            rows.add(row.get("holdout").asText() + " " + row.get("strategy").asText());
            assertTrue(row.get("members").asInt() > 0 && row.get("members").asInt() <= 300, row.toString());
            assertTrue(row.get("ndcg10").asDouble() > 0, "popularity finds some of what members bought next: " + row);
        }
        assertEquals(Set.of("temporal popularity", "random popularity", "temporal popularity-baseline",
                "random popularity-baseline"), rows, job.get("result").toString());
    }

    @Test
    void aWrongRequestIsRefusedNamingWhatIsWrong() throws Exception {
        bad("{\"holdoutShare\": 2}", "holdoutShare");
        bad("{\"members\": -1}", "members");
        bad("{\"members\": 1.5}", "whole number");
        bad("{\"split\": \"last tuesday\"}", "split");
        bad("{\"strategies\": \"cf\"}", "array");
        bad("{\"strategies\": [\"no-such-strategy\"]}", "no-such-strategy");
        bad("{\"splitAt\": \"2011-11-01\"}", "unknown field 'splitAt'");
        bad("{\"tuned\": \"yes\"}", "field 'tuned' must be true or false");
        bad("[1, 2]", "JSON object");
    }

    private void bad(String body, String naming) throws Exception {
        HttpResponse<String> response = Http.post(http, "/api/evaluations", "application/json", body);
        assertEquals(400, response.statusCode(), body + " -> " + response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(response.body().contains(naming), naming + " in " + response.body());
    }

    private JsonNode await(String id, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode job = Http.json(Http.get(http, "/api/jobs/" + id));
            String state = job.get("state").asText();
            if (!state.equals("RUNNING") && !state.equals("QUEUED")) {
                return job;
            }
            assertTrue(System.nanoTime() < end, "the evaluation ended within " + timeout + ": " + job);
            Thread.sleep(250);
        }
    }
}
