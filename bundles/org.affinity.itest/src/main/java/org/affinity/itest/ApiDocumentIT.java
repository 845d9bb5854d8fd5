package org.affinity.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * /api/openapi.json and the servlets agree: every pattern an Affinity bundle registers is documented,
 * and every documented route is answered by our code (JSON, not the container's 404/405).
 */
class ApiDocumentIT {

    private static final Set<String> METHODS = Set.of("GET", "PUT", "POST", "DELETE");

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10000)
    HttpServiceRuntime http;

    @Test
    void everyRegisteredServletPatternIsDocumented() throws Exception {
        JsonNode document = document();
        Set<String> paths = new TreeSet<>();
        document.get("paths").fieldNames().forEachRemaining(paths::add);
        List<String> undocumented = new ArrayList<>();
        int patterns = 0;
        // By class name: the test bundle does not need the servlet API to read service properties.
        ServiceReference<?>[] servlets = context.getAllServiceReferences("javax.servlet.Servlet",
                "(osgi.http.whiteboard.servlet.pattern=/api*)");
        for (ServiceReference<?> servlet : servlets == null ? new ServiceReference<?>[0] : servlets) {
            if (!servlet.getBundle().getSymbolicName().startsWith("org.affinity.")) {
                continue;
            }
            for (String pattern : patterns(servlet.getProperty("osgi.http.whiteboard.servlet.pattern"))) {
                patterns++;
                String prefix = pattern.endsWith("/*") ? pattern.substring(0, pattern.length() - 2) : null;
                boolean documented = prefix == null ? paths.contains(pattern)
                        : paths.stream().anyMatch(p -> p.equals(prefix) || p.startsWith(prefix + "/"));
                if (!documented) {
                    undocumented.add(pattern + " (" + servlet.getBundle().getSymbolicName() + ")");
                }
            }
        }
        assertTrue(patterns >= 10, "servlet patterns found: " + patterns);
        assertTrue(undocumented.isEmpty(), "registered but not in /api/openapi.json: " + undocumented);
    }

    @Test
    void everyDocumentedRouteIsServed() throws Exception {
        JsonNode document = document();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> unserved = new ArrayList<>();
        for (Iterator<String> it = document.get("paths").fieldNames(); it.hasNext();) {
            String path = it.next();
            String concrete = path.replaceAll("\\{[^}]+}", "no-such-id");
            for (Iterator<String> ops = document.get("paths").get(path).fieldNames(); ops.hasNext();) {
                String method = ops.next().toUpperCase();
                JsonNode operation = document.get("paths").get(path).get(method.toLowerCase());
                // Operations that would start real work on a probe say so; they are not probed.
                if (!METHODS.contains(method) || operation.path("x-starts-job").asBoolean(false)) {
                    continue;
                }
                HttpRequest request = HttpRequest.newBuilder(Http.uri(http, concrete))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + Http.adminKey())
                        .method(method, method.equals("GET") || method.equals("DELETE")
                                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(""))
                        .timeout(Duration.ofSeconds(30)).build();
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                String type = response.headers().firstValue("Content-Type").orElse("");
                boolean ours = type.startsWith("application/json") || type.startsWith("application/problem+json")
                        || type.startsWith("text/event-stream") || type.startsWith("text/plain");
                boolean routed = ours && response.statusCode() != 405
                        && !(response.statusCode() == 404 && (response.body().contains("no such resource")
                                || response.body().contains("no route ")));
                if (!routed) {
                    unserved.add(method + " " + concrete + " -> " + response.statusCode() + " " + type);
                }
            }
        }
        assertTrue(unserved.isEmpty(), "documented but not served: " + unserved);
    }

    private JsonNode document() throws Exception {
        HttpResponse<String> response = Http.get(http, "/api/openapi.json");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode document = Http.json(response);
        assertEquals(context.getBundle().getVersion().toString(), document.at("/info/version").asText());
        return document;
    }

    private static List<String> patterns(Object property) {
        if (property instanceof String[]) {
            return List.of((String[]) property);
        }
        return property == null ? List.of() : List.of(property.toString());
    }
}
