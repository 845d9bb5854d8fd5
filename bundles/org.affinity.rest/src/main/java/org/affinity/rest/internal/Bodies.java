package org.affinity.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;

import org.affinity.api.ingest.IngestRecord;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

/**
 * Request bodies of records: one JSON object, a JSON array of objects, or NDJSON (one object per
 * line). Each record keeps where it came from (array position or NDJSON line) for error reports.
 */
final class Bodies {

    /** Bodies larger than this are refused with 413 (bulk loads go through /api/imports). */
    static final int MAX_BYTES = 32 << 20;

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    private Bodies() {
    }

    static byte[] read(HttpServletRequest request, int maxBytes) throws IOException {
        if (request.getContentLengthLong() > maxBytes) {
            throw tooLarge(request.getContentLengthLong(), maxBytes);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw tooLarge(-1, maxBytes);
            }
            return body;
        }
    }

    private static ApiException tooLarge(long length, int maxBytes) {
        return new ApiException(413, "the body is larger than " + (maxBytes >> 20) + " MiB"
                + (length > 0 ? " (" + length + " bytes)" : "") + ": send it in parts, or as a file to POST /api/imports");
    }

    /** The records of a body; malformed JSON is a 400 naming the line (and column). */
    static List<IngestRecord> records(HttpServletRequest request) throws IOException {
        String body = new String(read(request, MAX_BYTES), StandardCharsets.UTF_8).strip();
        if (body.startsWith("\uFEFF")) {
            body = body.substring(1).strip();
        }
        if (body.isEmpty()) {
            throw ApiException.badRequest("the body is empty: send a JSON object, a JSON array of objects, or NDJSON");
        }
        List<IngestRecord> records = new ArrayList<>();
        if (body.startsWith("[")) {
            List<Object> array = parse(body, 0, new TypeReference<List<Object>>() { });
            for (int i = 0; i < array.size(); i++) {
                records.add(new IngestRecord(i + 1, object(array.get(i), "element " + (i + 1))));
            }
            return records;
        }
        if (!body.startsWith("{")) {
            throw ApiException.badRequest("the body is not JSON: it must start with { or [");
        }
        String[] lines = body.split("\r?\n");
        if (lines.length == 1 || !lines[0].strip().endsWith("}")) {
            records.add(new IngestRecord(1, parse(body, 0, OBJECT)));
            return records;
        }
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                records.add(new IngestRecord(i + 1, parse(lines[i], i, OBJECT)));
            }
        }
        return records;
    }

    /** One JSON object (PUT bodies). */
    static Map<String, Object> object(HttpServletRequest request) throws IOException {
        return objectOf(new String(read(request, MAX_BYTES), StandardCharsets.UTF_8).strip());
    }

    /** One JSON object, or an empty one when the body is empty or blank. */
    static Map<String, Object> objectOrEmpty(HttpServletRequest request) throws IOException {
        String body = new String(read(request, MAX_BYTES), StandardCharsets.UTF_8).strip();
        return body.isEmpty() ? Map.of() : objectOf(body);
    }

    private static Map<String, Object> objectOf(String body) {
        if (!body.startsWith("{")) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        return parse(body, 0, OBJECT);
    }

    /** The JSON type of a parsed value, for messages: "a number", "an array", ... */
    static String typeOf(Object value) {
        return value instanceof String ? "a string" : value instanceof Number ? "a number"
                : value instanceof Boolean ? "a boolean" : value instanceof List ? "an array"
                : value instanceof Map ? "an object" : "null";
    }

    /**
     * The JSON object of a PUT to /api/.../{id}: the path names the record; an id in the body must
     * agree with it.
     */
    static Map<String, Object> objectFor(HttpServletRequest request, String id) throws IOException {
        Map<String, Object> fields = new java.util.HashMap<>(object(request));
        Object bodyId = fields.putIfAbsent("id", id);
        if (bodyId != null && !bodyId.toString().equals(id)) {
            throw ApiException.badRequest("the body's id '" + bodyId + "' differs from the path's '" + id + "'");
        }
        return fields;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String where) {
        if (!(value instanceof Map)) {
            throw ApiException.badRequest(where + " of the array is not a JSON object");
        }
        return (Map<String, Object>) value;
    }

    private static <T> T parse(String json, int lineOffset, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + (at.getLineNr() + lineOffset) + ", column " + at.getColumnNr();
            throw ApiException.badRequest("malformed JSON" + where + ": " + e.getOriginalMessage());
        }
    }
}
