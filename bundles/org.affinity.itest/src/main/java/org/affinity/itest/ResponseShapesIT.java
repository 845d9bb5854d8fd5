package org.affinity.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.affinity.api.ingest.Importer;
import org.affinity.api.profile.Profiles;
import org.affinity.api.search.CatalogSearch;
import org.affinity.api.search.SearchStatus;
import org.affinity.api.store.Store;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the GET routes answer has the shape /api/openapi.json documents for their 200 response: on
 * the demo shop, with real ids in the path, every body is checked against its schema ({@link SchemaCheck}).
 * A route that is documented but not checked here must be named in {@link #NOT_CHECKED} with why.
 */
class ResponseShapesIT {

    /** Real ids from the demo shop: a member who bought, and the RED RETROSPOT MUG. */
    private static final String MEMBER = "12347";
    private static final String ITEM = "21844";

    /** GET routes not called here, and why. */
    private static final Map<String, String> NOT_CHECKED = Map.of(
            "/api/jobs/{id}/events", "a text/event-stream, not JSON",
            "/api/openapi.json", "the document itself",
            "/api/metrics", "the Prometheus text format, not JSON (MetricsIT reads it)");

    /** Lists that must not be empty, or the schema of their entries would go unchecked. */
    private static final Map<String, String> NON_EMPTY = Map.ofEntries(
            Map.entry("/api/jobs", "/jobs"),
            Map.entry("/api/store/daily", "/days"),
            Map.entry("/api/segments", "/segments"),
            Map.entry("/api/training", "/models"),
            Map.entry("/api/members/{id}/events", "/events"),
            Map.entry("/api/members/{id}/similar", "/similar"),
            Map.entry("/api/segments/{id}/members", "/members"),
            Map.entry("/api/members/{id}/recommendations", "/items"),
            Map.entry("/api/items/{id}/recommendations", "/items"),
            Map.entry("/api/search", "/hits"),
            Map.entry("/api/items/{id}/similar", "/hits"),
            Map.entry("/api/chat/intents", "/sets"),
            Map.entry("/api/keys", "/keys"),
            Map.entry("/api/campaigns", "/campaigns"),
            Map.entry("/api/campaigns/{id}/audience", "/members"),
            Map.entry("/api/campaigns/{id}/report", "/groups"),
            Map.entry("/api/chat/articles", "/articles"),
            Map.entry("/api/chat/articles/search", "/hits"));

    /** Values for required query parameters, by name, that find something on the demo shop. */
    private static final Map<String, String> REQUIRED_PARAMETERS = Map.of("q", "christmas+lights", "member", MEMBER);

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10000)
    HttpServiceRuntime http;

    @BeforeAll
    static void demo(@InjectBundleContext BundleContext context, @InjectService(timeout = 10000) Store store,
            @InjectService(timeout = 10000) Importer importer, @InjectService(timeout = 10000) Profiles profiles)
            throws Exception {
        DemoShop.ensure(context, store, importer);
        profiles.refreshPopulation();
    }

    @Test
    void everyGetRouteAnswersTheDocumentedShape() throws Exception {
        JsonNode document = Http.json(Http.get(http, "/api/openapi.json"));
        NOT_CHECKED.keySet().forEach(path -> assertTrue(document.get("paths").has(path), path + " is documented"));
        NON_EMPTY.keySet().forEach(path -> assertTrue(document.get("paths").has(path), path + " is documented"));
        SchemaCheck check = SchemaCheck.strict(document);
        awaitSearchReady();
        Map<String, String> ids = ids();

        // An experiment exists only while one is configured: configure one for the two routes that need it.
        HttpResponse<String> experiment = Http.put(http, "/api/strategies/experiment",
                "{\"name\":\"it-shapes\",\"arms\":{\"popularity\":50,\"trending\":50},\"started\":\"2010-01-01T00:00:00Z\"}");
        assertEquals(200, experiment.statusCode(), experiment.body());
        Map<String, List<String>> mismatches = new LinkedHashMap<>();
        Set<String> checked = new TreeSet<>();
        try {
            for (Iterator<String> it = document.get("paths").fieldNames(); it.hasNext();) {
                String path = it.next();
                JsonNode get = document.get("paths").get(path).get("get");
                if (get == null || NOT_CHECKED.containsKey(path)) {
                    continue;
                }
                String concrete = concrete(path, ids) + query(document.get("paths").get(path), get);
                HttpResponse<String> response = Http.get(http, concrete);
                if (response.statusCode() != 200) {
                    mismatches.put("GET " + concrete, List.of("status " + response.statusCode() + ": " + response.body()));
                    continue;
                }
                JsonNode schema = get.at("/responses/200/content/application~1json/schema");
                if (schema.isMissingNode()) {
                    mismatches.put("GET " + path, List.of("no application/json schema documented for 200"));
                    continue;
                }
                JsonNode body = Http.json(response);
                List<String> problems = new ArrayList<>(check.problems(schema, body));
                if (NON_EMPTY.containsKey(path) && body.at(NON_EMPTY.get(path)).size() == 0) {
                    problems.add(NON_EMPTY.get(path) + " is empty: its entries went unchecked");
                }
                if (!problems.isEmpty()) {
                    mismatches.put("GET " + concrete, problems.size() > 10 ? problems.subList(0, 10) : problems);
                }
                checked.add(path);
            }
        } finally {
            assertEquals(200, Http.delete(http, "/api/strategies/experiment").statusCode());
        }
        assertTrue(mismatches.isEmpty(), "answers that do not match /api/openapi.json:" + report(mismatches));
        assertTrue(checked.size() >= 20, "GET routes checked: " + checked);
    }

    /** Unknown ids: the status is one the document lists for the route, and the body has its shape. */
    @Test
    void unknownIdsAnswerADocumentedStatusAndShape() throws Exception {
        JsonNode document = Http.json(Http.get(http, "/api/openapi.json"));
        SchemaCheck check = SchemaCheck.strict(document);
        Map<String, List<String>> mismatches = new LinkedHashMap<>();
        int checked = 0;
        for (Iterator<String> it = document.get("paths").fieldNames(); it.hasNext();) {
            String path = it.next();
            JsonNode get = document.get("paths").get(path).get("get");
            if (get == null || !path.contains("{") || NOT_CHECKED.containsKey(path)) {
                continue;
            }
            String concrete = path.replaceAll("\\{[^}]+}", "no-such-id") + query(document.get("paths").get(path), get);
            HttpResponse<String> response = Http.get(http, concrete);
            JsonNode documented = get.path("responses").path(String.valueOf(response.statusCode()));
            if (documented.has("$ref")) {
                documented = document.at(documented.get("$ref").asText().substring(1));
            }
            if (documented.isMissingNode()) {
                mismatches.put("GET " + concrete, List.of("status " + response.statusCode() + " is not documented: "
                        + response.body()));
                continue;
            }
            String type = response.headers().firstValue("Content-Type").orElse("").replaceAll(";.*", "");
            JsonNode schema = documented.path("content").path(type).path("schema");
            List<String> problems = schema.isMissingNode() ? List.of("no " + type + " schema documented for "
                    + response.statusCode()) : check.problems(schema, Http.json(response));
            if (!problems.isEmpty()) {
                mismatches.put("GET " + concrete + " -> " + response.statusCode(), problems);
            }
            checked++;
        }
        assertTrue(mismatches.isEmpty(), "answers to unknown ids that /api/openapi.json does not describe:"
                + report(mismatches));
        assertTrue(checked >= 10, "GET routes with an id checked: " + checked);
    }

    private static String report(Map<String, List<String>> mismatches) {
        StringBuilder report = new StringBuilder();
        mismatches.forEach((route, problems) -> report.append('\n').append(route).append("\n  ")
                .append(String.join("\n  ", problems)));
        return report.toString();
    }

    /** Path parameters by name and route, filled with ids that exist now. */
    private Map<String, String> ids() throws Exception {
        Map<String, String> ids = new LinkedHashMap<>();
        JsonNode jobs = Http.json(Http.get(http, "/api/jobs")).path("jobs");
        assertTrue(jobs.size() > 0, "the demo import left a job");
        ids.put("/api/jobs/", jobs.get(0).get("id").asText());
        ids.put("/api/segments/", "rfm-champions");
        JsonNode models = Http.json(Http.get(http, "/api/training")).path("models");
        assertTrue(models.size() > 0, "a strategy with a model (cf)");
        ids.put("/api/training/", models.get(0).get("strategy").asText());
        ids.put("/api/items/", ITEM);
        ids.put("/api/members/", MEMBER);
        ids.put("/api/chat/articles/", "returns-and-refunds");
        // A campaign to read: the RFM champions, sent to a file (so its run and report have content);
        // transactional, so that quiet hours at the time the test runs cannot hold it back.
        if (Http.get(http, "/api/campaigns/it-shapes").statusCode() == 404) {
            HttpResponse<String> created = Http.post(http, "/api/campaigns", "application/json", "{\"id\":\"it-shapes\","
                    + "\"audience\":{\"kind\":\"segment\",\"segment\":\"rfm-champions\"},\"holdout\":0.2,\"transactional\":true,"
                    + "\"schedule\":{\"kind\":\"now\"},\"content\":{\"variants\":[{\"id\":\"a\",\"body\":\"Hi {{firstName|there}}\"},"
                    + "{\"id\":\"b\",\"subject\":\"For you\",\"body\":\"Hello\",\"weight\":2}]}}");
            assertEquals(201, created.statusCode(), created.body());
            awaitCampaignSent("it-shapes");
        }
        ids.put("/api/campaigns/", "it-shapes");
        HttpResponse<String> session = Http.post(http, "/api/chat/sessions", "application/json",
                "{\"member\":\"" + MEMBER + "\"}");
        assertEquals(201, session.statusCode(), session.body());
        ids.put("/api/chat/sessions/", Http.json(session).get("id").asText());
        ids.put("/api/chat/intents/", "shop");
        ids.put("/api/keys/", Http.json(Http.get(http, "/api/keys")).at("/keys/0/id").asText());
        return ids;
    }

    private void awaitCampaignSent(String id) throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!Http.json(Http.get(http, "/api/campaigns/" + id)).get("state").asText().equals("SENT")) {
            assertTrue(System.nanoTime() < end, "campaign " + id + " not sent: " + Http.get(http, "/api/campaigns/" + id).body());
            Thread.sleep(200);
        }
    }

    /** The path with its parameters filled in: {id} after /api/items/ is an item id, and so on. */
    private static String concrete(String path, Map<String, String> ids) {
        Matcher variable = Pattern.compile("\\{[^}]+}").matcher(path);
        StringBuilder filled = new StringBuilder();
        while (variable.find()) {
            String before = path.substring(0, variable.start());
            String id = ids.entrySet().stream().filter(e -> before.equals(e.getKey())).map(Map.Entry::getValue)
                    .findFirst().orElseThrow(() -> new AssertionError("no id known for " + path));
            variable.appendReplacement(filled, Matcher.quoteReplacement(id));
        }
        variable.appendTail(filled);
        return filled.toString();
    }

    /** Required query parameters, with a value that finds something. */
    private static String query(JsonNode pathItem, JsonNode operation) {
        List<String> pairs = new ArrayList<>();
        for (JsonNode list : List.of(pathItem.path("parameters"), operation.path("parameters"))) {
            for (JsonNode parameter : list) {
                if (parameter.path("in").asText().equals("query") && parameter.path("required").asBoolean(false)) {
                    String name = parameter.get("name").asText();
                    String value = REQUIRED_PARAMETERS.get(name);
                    assertTrue(value != null, "a value for the required parameter " + name);
                    pairs.add(name + "=" + value);
                }
            }
        }
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    /** Search answers 503 until the catalogue is embedded: wait for it, as a client would. */
    private void awaitSearchReady() throws InterruptedException {
        long end = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (true) {
            ServiceReference<CatalogSearch> reference = context.getServiceReference(CatalogSearch.class);
            if (reference != null) {
                CatalogSearch search = context.getService(reference);
                try {
                    SearchStatus status = search == null ? null : search.status();
                    if (status != null && status.state() == SearchStatus.State.READY && status.indexed() == status.items()) {
                        return;
                    }
                } finally {
                    context.ungetService(reference);
                }
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("the item index did not catch up within 4 minutes");
            }
            Thread.sleep(200);
        }
    }
}
