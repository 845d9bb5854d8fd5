package org.affinity.rest.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.affinity.api.segment.Segment;
import org.affinity.api.segment.Segments;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Segments: GET /api/segments (all, with sizes); POST /api/segments {id, name, kind: RULE|LOOKALIKE,
 * definition} defines or redefines one (400 saying what is wrong with the definition);
 * GET /api/segments/{id}; GET /api/segments/{id}/members?offset=0&amp;limit=100 (ordered by id);
 * DELETE /api/segments/{id}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("affinity-segments")
@HttpWhiteboardServletPattern({"/api/segments", "/api/segments/*"})
@HttpWhiteboardContextSelect(ApiGate.SELECT)
public class SegmentsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Segments segmentService;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Segments segments = require(segmentService, "segments");
        List<String> path = segments(request);
        if (path.isEmpty()) {
            send(response, 200, Map.of("segments", segments.list()));
        } else if (path.size() == 1) {
            send(response, 200, find(segments, path.get(0)));
        } else if (path.size() == 2 && path.get(1).equals("members")) {
            Segment segment = find(segments, path.get(0));
            int offset = intParameter(request, "offset", 0, 0, Integer.MAX_VALUE);
            int limit = intParameter(request, "limit", 100, 1, 10_000);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("segment", segment.id());
            body.put("size", segment.size());
            body.put("offset", offset);
            body.put("members", segments.members(segment.id(), offset, limit));
            send(response, 200, body);
        } else {
            throw ApiException.notFound("no such resource: " + request.getRequestURI());
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Segments segments = require(segmentService, "segments");
        if (!segments(request).isEmpty()) {
            throw ApiException.notFound("POST /api/segments");
        }
        Map<String, Object> body = Bodies.object(request);
        String id = text(body, "id", true);
        String kindText = text(body, "kind", true);
        Segment.Kind kind;
        try {
            kind = Segment.Kind.valueOf(kindText.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("field 'kind' must be RULE or LOOKALIKE, was '" + kindText + "'");
        }
        String definition = text(body, "definition", true);
        try {
            Segment segment = segments.define(id, text(body, "name", false), kind, definition);
            response.setHeader("Location", "/api/segments/" + segment.id());
            send(response, 201, segment);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("field 'definition': " + e.getMessage());
        }
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Segments segments = require(segmentService, "segments");
        List<String> path = segments(request);
        if (path.size() != 1) {
            throw ApiException.notFound("DELETE /api/segments/{id}");
        }
        if (!segments.remove(path.get(0))) {
            throw ApiException.notFound("no segment '" + path.get(0) + "'");
        }
        send(response, 200, Map.of("removed", path.get(0)));
    }

    private static Segment find(Segments segments, String id) {
        return segments.get(id).orElseThrow(() -> ApiException.notFound("no segment '" + id + "'"));
    }

    private static String text(Map<String, Object> body, String field, boolean required) {
        Object value = body.get(field);
        if (value == null || value.toString().isBlank()) {
            if (required) {
                throw ApiException.badRequest("field '" + field + "' is required");
            }
            return null;
        }
        if (!(value instanceof String)) {
            throw ApiException.badRequest("field '" + field + "' must be text");
        }
        return (String) value;
    }
}
