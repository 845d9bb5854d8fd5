package org.affinity.rest.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The documented operations, read from the OpenAPI document: which role each needs ({@code x-role}),
 * how large a body it takes ({@code x-max-body}, else {@link #DEFAULT_MAX_BODY}) and whether it
 * touches one member's data ({@code x-audit: member}). The document is the one place a route's access
 * is declared; a test fails when an operation has no role.
 */
final class Routes {

    static final long DEFAULT_MAX_BODY = 1 << 20;
    static final String PUBLIC = "public";
    /** Any valid key, whatever its roles (GET /api/whoami: a page learns what its key may do). */
    static final String ANY = "any";

    /** A documented operation. {@code member} is the path parameter or query parameter naming the member audited. */
    record Route(String method, String template, Pattern pattern, List<String> parameters, String operationId,
            String role, long maxBody, String member) {

        /** The audited member of a request on this route, or null. */
        String member(Matcher matched, Map<String, String[]> query) {
            if (member == null) {
                return null;
            }
            int index = parameters.indexOf(member);
            if (index >= 0) {
                return matched.group(index + 1);
            }
            String[] values = query.get(member);
            return values == null || values.length == 0 ? null : values[0];
        }
    }

    /** A request matched to its route. */
    record Match(Route route, Matcher matcher) {
    }

    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

    private final List<Route> routes;

    private Routes(List<Route> routes) {
        this.routes = routes;
    }

    static Routes of(JsonNode document) {
        List<Route> routes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            List<String> parameters = new ArrayList<>();
            StringBuilder regex = new StringBuilder("^");
            Matcher parameter = PARAMETER.matcher(path.getKey());
            int at = 0;
            while (parameter.find()) {
                regex.append(Pattern.quote(path.getKey().substring(at, parameter.start()))).append("([^/]+)");
                parameters.add(parameter.group(1));
                at = parameter.end();
            }
            regex.append(Pattern.quote(path.getKey().substring(at))).append("/?$");
            Pattern pattern = Pattern.compile(regex.toString());
            for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields(); operations.hasNext();) {
                Map.Entry<String, JsonNode> operation = operations.next();
                JsonNode op = operation.getValue();
                if (!op.has("responses")) {
                    continue; // "parameters" and other path-level fields
                }
                routes.add(new Route(operation.getKey().toUpperCase(Locale.ROOT), path.getKey(), pattern, List.copyOf(parameters),
                        op.path("operationId").asText(null), op.path("x-role").asText(null),
                        op.path("x-max-body").asLong(DEFAULT_MAX_BODY),
                        op.path("x-audit").asText("").startsWith("member") ? memberParameter(op, parameters) : null));
            }
        }
        // literal paths before templated ones, so /api/search/status is not read as /api/search/{x}
        routes.sort(Comparator.comparingInt((Route r) -> r.parameters().size()).thenComparing(Route::template));
        return new Routes(List.copyOf(routes));
    }

    private static String memberParameter(JsonNode operation, List<String> parameters) {
        String declared = operation.path("x-audit").asText();
        int colon = declared.indexOf(':');
        if (colon > 0) {
            return declared.substring(colon + 1);
        }
        return parameters.isEmpty() ? "member" : parameters.get(0);
    }

    static Routes read(java.io.InputStream document) throws IOException {
        return of(Json.MAPPER.readTree(document));
    }

    /** The operation a request is for, or null when no documented route matches. */
    Match match(String method, String path) {
        for (Route route : routes) {
            if (!route.method().equals(method) && !(method.equals("HEAD") && route.method().equals("GET"))) {
                continue;
            }
            Matcher matcher = route.pattern().matcher(path);
            if (matcher.matches()) {
                return new Match(route, matcher);
            }
        }
        return null;
    }

    List<Route> all() {
        return routes;
    }
}
