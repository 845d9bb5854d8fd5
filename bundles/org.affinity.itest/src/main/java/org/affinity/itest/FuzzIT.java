package org.affinity.itest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.affinity.api.ingest.Importer;
import org.affinity.api.profile.Profiles;
import org.affinity.api.recommend.Recommendations;
import org.affinity.api.recommend.Routing;
import org.affinity.api.store.Store;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every documented route driven with malformed bodies, wrong JSON types, huge and empty values, bad
 * encodings, odd path values and wrong methods, with an admin key (so the gate lets them reach the
 * servlets): never a 5xx, never HTML, every error problem details, and nothing stored from a refused
 * record.
 */
class FuzzIT {

    /** Operations that would start real work whatever the body says (jobs over the whole shop). */
    private static final Set<String> STARTS_WORK = Set.of("rebuildProfiles", "reindexCatalogue", "trainModel", "trainCf",
            "refreshPopulation", "startEvaluation"); // an empty body is a valid evaluation: EvaluationsIT tries its bad ones
    /** Operations whose accepted writes are what they are for: checked for 5xx/HTML, not for "nothing stored". */
    private static final Set<String> INGEST = Set.of("postEvents", "postItems", "putItem", "putMember");

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10000)
    HttpServiceRuntime http;

    @InjectService(timeout = 10000)
    Store store;

    @BeforeAll
    static void demo(@InjectBundleContext BundleContext context, @InjectService(timeout = 10000) Store store,
            @InjectService(timeout = 10000) Importer importer, @InjectService(timeout = 10000) Profiles profiles)
            throws Exception {
        DemoShop.ensure(context, store, importer);
    }

    /** Bodies no route should accept as a record, by name. */
    private static Map<String, byte[]> bodies() {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        for (String json : List.of("", "{", "null", "\"x\"", "123", "[]", "[{}, {}]", "{\"a\":", "[[[[[[[[[[", "true",
                "{\"strategy\": [{}]}", "{\"text\": {\"x\": 1}}", "{\"member\": 7}", "{\"name\": null, \"roles\": \"x\"}",
                "{\"type\": [], \"member\": {}, \"item\": 1, \"time\": false}", "{\"id\": \"" + "y".repeat(10_000) + "\"}")) {
            bodies.put(json.length() > 60 ? json.substring(0, 60) + "..." : json, json.getBytes(StandardCharsets.UTF_8));
        }
        bodies.put("invalid UTF-8", new byte[] { '{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' });
        bodies.put("nested 5000 deep", "[".repeat(5000).getBytes(StandardCharsets.UTF_8));
        bodies.put("900 kB string", ("{\"text\": \"" + "z".repeat(900_000) + "\"}").getBytes(StandardCharsets.UTF_8));
        bodies.put("NUL bytes", "{\"text\": \"a\u0000b\"}".getBytes(StandardCharsets.UTF_8));
        return bodies;
    }

    /**
     * Odd path values. Not an encoded NUL or a broken %-escape ("%00", "%zz"): Jetty refuses those while
     * parsing the request, with its own 400 page, before any servlet context (see the REST README).
     */
    private static final List<String> PATH_VALUES = List.of("fuzz-x", "x".repeat(3000), "%2F..%2F", "%E2%82%AC",
            "%C3%28", "a%20b", "%F0%9F%8E%81");

    @InjectService(timeout = 10000)
    Recommendations recommendations;

    @Test
    void noRouteAnswers5xxOrHtmlToMalformedInput() throws Exception {
        Routing routing = recommendations.routing();
        try {
            fuzz();
        } finally {
            // a bare "x" is a well-formed strategy name: PUT /api/strategies/default took it; put back what was
            recommendations.configure(routing);
        }
    }

    private void fuzz() throws Exception {
        JsonNode document = Http.json(Http.get(http, "/api/openapi.json"));
        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!op.getValue().has("responses")) {
                    continue;
                }
                String method = op.getKey().toUpperCase();
                String id = op.getValue().path("operationId").asText();
                if (STARTS_WORK.contains(id) || id.equals("streamJobEvents")) {
                    continue;
                }
                List<String> concretes = new ArrayList<>();
                if (path.getKey().contains("{")) {
                    for (String value : PATH_VALUES) {
                        concretes.add(path.getKey().replaceAll("\\{[^}]+}", value));
                    }
                } else {
                    concretes.add(path.getKey());
                }
                boolean takesBody = method.equals("POST") || method.equals("PUT");
                for (String concrete : concretes) {
                    if (!takesBody) {
                        requests++;
                        check(failures, method, concrete, null, null, id);
                        check(failures, method, concrete + "?n=-1&count=abc&limit=99999999999&offset=-5&q=&strategy=%00",
                                null, null, id);
                        continue;
                    }
                    // odd path values with an empty object, except where {} is a valid record (a member, an item)
                    boolean first = concrete.equals(concretes.get(0));
                    if (!first && INGEST.contains(id)) {
                        continue;
                    }
                    for (Map.Entry<String, byte[]> body : first ? bodies().entrySet()
                            : Map.of("{}", "{}".getBytes(StandardCharsets.UTF_8)).entrySet()) {
                        for (String type : List.of("application/json", "text/plain")) {
                            requests++;
                            check(failures, method, concrete, body, type, id);
                        }
                    }
                }
                requests++;
                check(failures, "PATCH", concretes.get(0), null, null, id);
            }
        }
        assertTrue(requests > 600, "requests: " + requests);
        assertTrue(failures.isEmpty(), failures.size() + " answers out of " + requests + " were 5xx, HTML or not problem "
                + "details, or stored a refused record:\n" + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
    }

    private void check(List<String> failures, String method, String path, Map.Entry<String, byte[]> body, String type,
            String operation) throws Exception {
        long eventsBefore = INGEST.contains(operation) ? store.counts().events() : -1;
        long membersBefore = INGEST.contains(operation) ? store.counts().members() : -1;
        HttpRequest.Builder request = HttpRequest.newBuilder(Http.uri(http, path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body.getValue()));
        if (type != null) {
            request.header("Content-Type", type);
        }
        HttpResponse<String> response;
        try {
            response = Http.send(http, request);
        } catch (java.io.IOException e) {
            failures.add(method + " " + shorten(path) + " body " + (body == null ? "-" : body.getKey()) + ": " + e);
            return;
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        String what = method + " " + shorten(path) + (body == null ? "" : " body " + body.getKey() + " as " + type) + " -> "
                + response.statusCode() + " " + contentType;
        if (response.statusCode() >= 500) {
            failures.add(what + ": " + shorten(response.body()));
        } else if (contentType.contains("html") || response.body().stripLeading().startsWith("<")) {
            failures.add(what + " (HTML)");
        } else if (response.statusCode() >= 400 && !contentType.startsWith("application/problem+json")) {
            failures.add(what + " (not problem details)");
        }
        if (INGEST.contains(operation) && response.statusCode() >= 400) {
            store.awaitListeners(java.time.Duration.ofSeconds(10));
            if (store.counts().events() != eventsBefore || store.counts().members() != membersBefore) {
                failures.add(what + ": a refused request stored something");
            }
        }
    }

    private static String shorten(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }
}
