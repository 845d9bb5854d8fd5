package org.affinity.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.affinity.api.security.ApiKeys;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Keys and roles at the API's gate: deny by default, 401 without a valid key, 403 without the role,
 * revocation at once, the first-start admin key, keys never in URLs, problem details for every refusal.
 */
class AuthIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10000)
    HttpServiceRuntime http;

    @InjectService(timeout = 10000)
    ApiKeys keys;

    private String create(String name, String... roles) throws Exception {
        HttpResponse<String> created = Http.post(http, "/api/keys", "application/json",
                Http.JSON.writeValueAsString(Map.of("name", name, "roles", List.of(roles))));
        assertEquals(201, created.statusCode(), created.body());
        return Http.json(created).get("token").asText();
    }

    private HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(Http.uri(http, path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return Http.send(http, request, token);
    }

    @Test
    void theFirstStartKeyIsAnAdminKeyOnlyItsOwnerCanRead() throws Exception {
        Path file = Path.of(context.getProperty("affinity.data"), "security", "admin.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        HttpResponse<String> listed = Http.get(http, "/api/keys");
        assertEquals(200, listed.statusCode(), listed.body());
        assertFalse(listed.body().contains(Http.adminKey().substring(15)), "no secret is ever listed");
        assertTrue(keys.verify(Http.adminKey()).orElseThrow().allows(ApiKeys.ADMIN));
    }

    @Test
    void everyWriteWithoutAKeyOrWithAReadKeyIsRefused() throws Exception {
        String reader = create("it-reader", "read");
        JsonNode document = Http.json(Http.get(http, "/api/openapi.json"));
        List<String> let = new ArrayList<>();
        int writes = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase();
                if (!List.of("POST", "PUT", "DELETE").contains(method)) {
                    continue;
                }
                String concrete = path.getKey().replaceAll("\\{[^}]+}", "it-auth-x");
                String role = op.getValue().path("x-role").asText();
                HttpResponse<String> anonymous = call(method, concrete, "{}", Http.ANONYMOUS);
                if (anonymous.statusCode() != 401 || !anonymous.headers().firstValue("Content-Type").orElse("")
                        .startsWith("application/problem+json")) {
                    let.add("no key: " + method + " " + concrete + " -> " + anonymous.statusCode());
                }
                if (!role.equals("read")) {
                    HttpResponse<String> read = call(method, concrete, "{}", reader);
                    if (read.statusCode() != 403) {
                        let.add("read key: " + method + " " + concrete + " -> " + read.statusCode());
                    }
                }
                writes++;
            }
        }
        assertTrue(writes >= 20, "writes checked: " + writes);
        assertTrue(let.isEmpty(), "let through: " + let);
    }

    @Test
    void aReadKeyCannotEraseOrSwitchStrategiesButCanRead() throws Exception {
        String reader = create("it-reader-2", "read");
        HttpResponse<String> erase = call("DELETE", "/api/members/12347", null, reader);
        assertEquals(403, erase.statusCode(), erase.body());
        assertTrue(Http.json(erase).get("detail").asText().contains("lacks role 'admin'"), erase.body());
        HttpResponse<String> strategy = call("PUT", "/api/strategies/default", "{\"strategy\":\"popularity\"}", reader);
        assertEquals(403, strategy.statusCode());
        assertEquals(200, Http.get(http, "/api/strategies", reader).statusCode());
        assertEquals(200, Http.get(http, "/api/store", reader).statusCode());
    }

    @Test
    void whoAmINamesTheKeysRolesToAnyValidKeyAndNoSecret() throws Exception {
        String scraper = create("it-whoami-metrics", "metrics");
        JsonNode me = Http.json(Http.get(http, "/api/whoami", scraper));
        assertEquals("it-whoami-metrics", me.get("name").asText(), me.toString());
        assertEquals(List.of("metrics"), Http.JSON.convertValue(me.get("roles"), List.class), "a key with no read role is answered too");
        assertFalse(me.toString().contains(scraper.substring(15)), "never the secret");
        JsonNode reader = Http.json(Http.get(http, "/api/whoami", create("it-whoami-read", "read")));
        assertEquals(List.of("read"), Http.JSON.convertValue(reader.get("roles"), List.class), reader.toString());
        assertEquals(401, Http.get(http, "/api/whoami", Http.ANONYMOUS).statusCode());
        assertEquals(401, Http.get(http, "/api/whoami", "aff_aaaaaaaaaa_" + "x".repeat(43)).statusCode());
    }

    @Test
    void anIngestKeyWritesEventsButCannotReadProfiles() throws Exception {
        String shop = create("it-shop", "ingest");
        HttpResponse<String> events = call("POST", "/api/events",
                "{\"type\":\"view\",\"member\":\"it-auth-m1\",\"item\":\"22728\",\"time\":\"2011-01-01T10:00:00Z\"}", shop);
        assertTrue(events.statusCode() == 200 || events.statusCode() == 400, events.body());
        assertEquals(403, Http.get(http, "/api/members/12347/profile", shop).statusCode());
    }

    @Test
    void aRevokedOrUnknownKeyIsRefusedAtOnce() throws Exception {
        HttpResponse<String> created = Http.post(http, "/api/keys", "application/json",
                "{\"name\":\"it-revoke\",\"roles\":[\"read\"]}");
        String token = Http.json(created).get("token").asText();
        String id = Http.json(created).at("/key/id").asText();
        assertEquals(200, Http.get(http, "/api/store", token).statusCode());
        assertEquals(200, Http.delete(http, "/api/keys/" + id).statusCode());
        HttpResponse<String> after = Http.get(http, "/api/store", token);
        assertEquals(401, after.statusCode());
        assertTrue(after.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertEquals(401, Http.get(http, "/api/store", "aff_aaaaaaaaaa_" + "x".repeat(43)).statusCode());
    }

    @Test
    void anExpiredKeyIsRefused() throws Exception {
        // expires in a second: valid now, refused once the second passed
        Instant soon = Instant.now().plusSeconds(1);
        String token = keys.create("it-expiring", java.util.Set.of(ApiKeys.READ), soon).token();
        assertEquals(200, Http.get(http, "/api/store", token).statusCode());
        while (Instant.now().isBefore(soon.plusMillis(50))) {
            Thread.sleep(50);
        }
        assertEquals(401, Http.get(http, "/api/store", token).statusCode());
    }

    @Test
    void healthIsPublicAndNothingElse() throws Exception {
        HttpResponse<String> anonymous = Http.get(http, "/api/health", Http.ANONYMOUS);
        assertEquals(200, anonymous.statusCode());
        assertEquals(Http.JSON.readTree("{\"status\":\"UP\"}"), Http.json(anonymous), "the status only, no bundle list");
        JsonNode detailed = Http.json(Http.get(http, "/api/health"));
        assertTrue(detailed.get("bundles").size() > 20, "a key with role read sees the bundles: " + detailed);
        assertEquals(Http.json(anonymous), Http.json(Http.get(http, "/api/health", "aff_nokey_" + "x".repeat(43))),
                "a bad key on a public route is neither refused nor trusted");
        HttpResponse<String> store = Http.get(http, "/api/store", Http.ANONYMOUS);
        assertEquals(401, store.statusCode());
        assertEquals("application/problem+json", store.headers().firstValue("Content-Type").orElse("").replaceAll(";.*", ""));
        JsonNode problem = Http.json(store);
        assertEquals(401, problem.get("status").asInt());
        assertTrue(problem.get("type").asText().endsWith("/unauthorized"));
        assertEquals(401, Http.get(http, "/api/openapi.json", Http.ANONYMOUS).statusCode());
        assertEquals(401, Http.get(http, "/api/nothing/here", Http.ANONYMOUS).statusCode(), "unknown routes too");
    }

    @Test
    void theXApiKeyHeaderWorksAndKeysInUrlsAreRefused() throws Exception {
        HttpResponse<String> header = Http.send(http, HttpRequest.newBuilder(Http.uri(http, "/api/store"))
                .header("X-API-Key", Http.adminKey()).GET(), Http.ANONYMOUS);
        assertEquals(200, header.statusCode());
        HttpResponse<String> inUrl = Http.get(http, "/api/store?api_key=" + Http.adminKey(), Http.ANONYMOUS);
        assertEquals(400, inUrl.statusCode());
        assertTrue(Http.json(inUrl).get("detail").asText().contains("never accepted in URLs"), inUrl.body());
    }

    @Test
    void unknownRoutesAndMethodsAnswerProblemsNotHtml() throws Exception {
        HttpResponse<String> unknown = Http.get(http, "/api/nothing/here");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        HttpResponse<String> patch = call("PATCH", "/api/strategies/default", "{}", Http.adminKey());
        assertEquals(405, patch.statusCode(), patch.body());
        assertTrue(patch.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(patch.headers().firstValue("Allow").orElse("").startsWith("GET, PUT"), patch.headers().toString());
        assertFalse(patch.body().contains("<html"));
    }

    @Test
    void memberDataAccessIsAudited() throws Exception {
        Http.get(http, "/api/members/it-audit-1");
        Path log = Path.of(context.getProperty("affinity.data"), "audit", "member-access.log");
        // the line is written once the request is done, which may be just after the client has the answer
        JsonNode mine = null;
        for (int attempt = 0; mine == null && attempt < 100; attempt++) {
            for (String line : Files.exists(log) ? Files.readAllLines(log) : List.<String>of()) {
                JsonNode entry = Http.JSON.readTree(line);
                if (entry.get("member").asText().equals("it-audit-1")) {
                    mine = entry;
                }
            }
            if (mine == null) {
                Thread.sleep(50);
            }
        }
        assertTrue(mine != null, "the access to it-audit-1 is in " + log);
        assertEquals("getMember", mine.get("operation").asText());
        assertEquals(keys.verify(Http.adminKey()).orElseThrow().id(), mine.get("key").asText());
        assertEquals(404, mine.get("status").asInt());
    }
}
