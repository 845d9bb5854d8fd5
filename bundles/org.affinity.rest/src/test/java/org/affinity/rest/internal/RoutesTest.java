package org.affinity.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.affinity.api.security.ApiKeys;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Deny by default: every documented operation declares its role, and the rest of what a generated
 * client needs (a unique operationId, a tag, its problem responses); requests find their operation.
 */
class RoutesTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private final JsonNode document;
    private final Routes routes;

    RoutesTest() throws Exception {
        document = Json.MAPPER.readTree(OpenApiServlet.load("1.2.3"));
        routes = Routes.of(document);
    }

    @Test
    void everyOperationDeclaresItsRoleIdTagAndProblems() {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> roles = new HashSet<>(ApiKeys.ROLES);
        roles.add(Routes.PUBLIC);
        roles.add(Routes.ANY);
        int operations = 0;
        for (var path : (Iterable<Map.Entry<String, JsonNode>>) document.get("paths")::fields) {
            for (var operation : (Iterable<Map.Entry<String, JsonNode>>) path.getValue()::fields) {
                if (!METHODS.contains(operation.getKey())) {
                    continue;
                }
                operations++;
                String where = operation.getKey().toUpperCase() + " " + path.getKey();
                JsonNode op = operation.getValue();
                String role = op.path("x-role").asText("");
                if (!roles.contains(role)) {
                    problems.add(where + " declares no known role (x-role: '" + role + "')");
                }
                String id = op.path("operationId").asText("");
                if (id.isBlank() || !ids.add(id)) {
                    problems.add(where + " has no unique operationId ('" + id + "')");
                }
                if (op.path("tags").size() == 0) {
                    problems.add(where + " has no tag");
                }
                JsonNode responses = op.path("responses");
                if (!Routes.PUBLIC.equals(role)) {
                    for (String status : List.of("401", "403", "429")) {
                        if (!responses.has(status)) {
                            problems.add(where + " documents no " + status);
                        }
                    }
                    if (op.has("security")) {
                        problems.add(where + " overrides the document's security");
                    }
                } else if (!op.path("security").isArray() || op.path("security").size() != 0) {
                    problems.add(where + " is public but does not say security: []");
                }
                responses.fields().forEachRemaining(response -> {
                    JsonNode r = response.getValue();
                    if (r.has("$ref")) {
                        r = document.at(r.get("$ref").asText().substring(1));
                    }
                    if (response.getKey().matches("[45]\\d\\d") && !r.path("content").has(Problems.MEDIA_TYPE)) {
                        problems.add(where + " " + response.getKey() + " is not problem details");
                    }
                });
            }
        }
        assertTrue(operations > 50, "operations: " + operations);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(document.at("/components/securitySchemes/bearer").isObject());
        assertEquals(2, document.path("security").size());
    }

    @Test
    void requestsFindTheirOperation() {
        assertEquals("getHealth", routes.match("GET", "/api/health").route().operationId());
        assertEquals("public", routes.match("GET", "/api/health").route().role());
        assertEquals("eraseMember", routes.match("DELETE", "/api/members/17850").route().operationId());
        assertEquals("admin", routes.match("DELETE", "/api/members/17850").route().role());
        assertEquals("getMemberEvents", routes.match("GET", "/api/members/17850/events").route().operationId());
        assertEquals("getSearchStatus", routes.match("GET", "/api/search/status").route().operationId());
        assertEquals("trainCf", routes.match("POST", "/api/strategies/cf/train").route().operationId());
        assertEquals("trainModel", routes.match("POST", "/api/training/cf").route().operationId());
        assertEquals("ingest", routes.match("POST", "/api/events").route().role());
        assertEquals(32 << 20, routes.match("POST", "/api/events").route().maxBody());
        assertEquals(Routes.DEFAULT_MAX_BODY, routes.match("PUT", "/api/strategies/default").route().maxBody());
        assertEquals("getItem", routes.match("HEAD", "/api/items/22728").route().operationId());
        assertNull(routes.match("PATCH", "/api/members/17850"));
        assertNull(routes.match("GET", "/api/nothing/here"));
    }

    @Test
    void memberDataAccessNamesTheMemberForTheAuditTrail() {
        Routes.Match erase = routes.match("DELETE", "/api/members/17850");
        assertEquals("17850", erase.route().member(erase.matcher(), Map.of()));
        Routes.Match sessions = routes.match("GET", "/api/chat/sessions");
        assertEquals("12347", sessions.route().member(sessions.matcher(), Map.of("member", new String[] { "12347" })));
        Routes.Match strategies = routes.match("GET", "/api/strategies");
        assertNull(strategies.route().member(strategies.matcher(), Map.of()));
    }
}
