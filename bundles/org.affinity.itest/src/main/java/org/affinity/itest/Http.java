package org.affinity.itest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;

import org.osgi.service.http.runtime.HttpServiceRuntime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** HTTP against the runtime's own endpoint (test runs pick a free port). */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    static URI uri(HttpServiceRuntime http, String path) {
        Object endpoint = http.getRuntimeDTO().serviceDTO.properties.get("osgi.http.endpoint");
        String base;
        if (endpoint instanceof String[]) {
            base = ((String[]) endpoint)[0];
        } else if (endpoint instanceof Collection) {
            base = ((Collection<?>) endpoint).iterator().next().toString();
        } else {
            base = String.valueOf(endpoint);
        }
        return URI.create(base.replaceAll("/$", "") + path);
    }

    static HttpResponse<String> get(HttpServiceRuntime http, String path) throws Exception {
        return send(http, HttpRequest.newBuilder(uri(http, path)).GET());
    }

    static HttpResponse<String> delete(HttpServiceRuntime http, String path) throws Exception {
        return send(http, HttpRequest.newBuilder(uri(http, path)).DELETE());
    }

    static HttpResponse<String> post(HttpServiceRuntime http, String path, String contentType, String body) throws Exception {
        return send(http, HttpRequest.newBuilder(uri(http, path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static HttpResponse<String> post(HttpServiceRuntime http, String path, String contentType, byte[] body) throws Exception {
        return send(http, HttpRequest.newBuilder(uri(http, path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    static HttpResponse<String> put(HttpServiceRuntime http, String path, String body) throws Exception {
        return send(http, HttpRequest.newBuilder(uri(http, path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    /**
     * Sends a request as the runtime's first admin key (the one a first start writes to
     * security/admin.key), unless the request carries a key of its own.
     */
    static HttpResponse<String> send(HttpServiceRuntime http, HttpRequest.Builder request) throws Exception {
        HttpRequest built = request.timeout(Duration.ofSeconds(60)).build();
        if (built.headers().firstValue("Authorization").isEmpty() && built.headers().firstValue("X-API-Key").isEmpty()) {
            built = HttpRequest.newBuilder(built, (name, value) -> true).header("Authorization", "Bearer " + adminKey()).build();
        }
        return CLIENT.send(built, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a request exactly as built: no key unless it has one ({@link #ANONYMOUS} as the token sends none). */
    static HttpResponse<String> send(HttpServiceRuntime http, HttpRequest.Builder request, String token) throws Exception {
        if (token != null && !token.equals(ANONYMOUS)) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpRequest built = request.timeout(Duration.ofSeconds(60)).build();
        return CLIENT.send(built, HttpResponse.BodyHandlers.ofString());
    }

    /** A token meaning "no key at all". */
    static final String ANONYMOUS = "";

    static HttpResponse<String> get(HttpServiceRuntime http, String path, String token) throws Exception {
        return send(http, HttpRequest.newBuilder(uri(http, path)).GET(), token);
    }

    private static volatile String adminKey;

    /** The first admin key of the runtime under test, read from its data folder. */
    static String adminKey() throws java.io.IOException {
        String key = adminKey;
        if (key == null) {
            org.osgi.framework.BundleContext context = org.osgi.framework.FrameworkUtil.getBundle(Http.class).getBundleContext();
            java.nio.file.Path file = java.nio.file.Path.of(context.getProperty("affinity.data"), "security", "admin.key");
            key = java.nio.file.Files.readString(file).strip();
            adminKey = key;
        }
        return key;
    }
}
