package org.affinity.rest.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.affinity.api.ingest.Rejection;

/**
 * Every error of the API as RFC 9457 problem details ({@code application/problem+json}): a type URI
 * per kind of problem, its title, the status, what was wrong this time ({@code detail}), the path
 * ({@code instance}) and, for rejected input, an {@code errors} entry per field or record.
 */
final class Problems {

    static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPES = "https://affinity.example/problems/";

    private Problems() {
    }

    static void send(HttpServletRequest request, HttpServletResponse response, int status, String detail, Object details,
            Map<String, Object> extensions) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPES + slug(status));
        body.put("title", title(status));
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        if (request != null) {
            body.put("instance", request.getRequestURI());
        }
        List<Map<String, Object>> errors = errors(details);
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        if (extensions != null) {
            extensions.forEach(body::putIfAbsent);
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        Json.MAPPER.writeValue(response.getOutputStream(), body);
    }

    /** Rejections become {line, field, detail}; anything else listed becomes {detail}. */
    static List<Map<String, Object>> errors(Object details) {
        List<Map<String, Object>> errors = new ArrayList<>();
        if (details instanceof Iterable<?> list) {
            for (Object entry : list) {
                Map<String, Object> error = new LinkedHashMap<>();
                if (entry instanceof Rejection rejection) {
                    if (rejection.line() > 0) {
                        error.put("line", rejection.line());
                    }
                    if (rejection.field() != null) {
                        error.put("field", rejection.field());
                    }
                    error.put("detail", rejection.reason());
                } else {
                    error.put("detail", String.valueOf(entry));
                }
                errors.add(error);
            }
        } else if (details != null) {
            errors.add(Map.of("detail", details.toString()));
        }
        return errors;
    }

    static String slug(int status) {
        return switch (status) {
            case 400 -> "invalid-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 409 -> "conflict";
            case 413 -> "too-large";
            case 415 -> "unsupported-media-type";
            case 429 -> "rate-limited";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal" : "http-" + status;
        };
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Invalid request";
            case 401 -> "No valid API key";
            case 403 -> "Not allowed for this key";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 409 -> "Conflict";
            case 413 -> "Request too large";
            case 415 -> "Unsupported media type";
            case 429 -> "Too many requests";
            case 503 -> "Unavailable";
            default -> status >= 500 ? "Internal error" : "HTTP " + status;
        };
    }
}
