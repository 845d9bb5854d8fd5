package org.affinity.rest.internal;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.affinity.api.security.ApiKeys;
import org.affinity.api.security.CreatedKey;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * API keys (admin): GET /api/keys lists them (never a secret), POST /api/keys creates one
 * ({"name", "roles", "expires"}) and answers its token once, GET /api/keys/{id}, DELETE /api/keys/{id}
 * revokes it at once.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("affinity-keys")
@HttpWhiteboardServletPattern({"/api/keys", "/api/keys/*"})
@HttpWhiteboardContextSelect(ApiGate.SELECT)
public class KeysServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private static final String KEYS = "the key service (bundle org.affinity.security)";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ApiKeys keys;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ApiKeys current = require(keys, KEYS);
        List<String> path = segments(request);
        if (path.isEmpty()) {
            send(response, 200, Map.of("keys", current.list()));
        } else if (path.size() == 1) {
            send(response, 200, current.get(path.get(0)).orElseThrow(() -> ApiException.notFound("no key '" + path.get(0) + "'")));
        } else {
            throw ApiException.notFound("no such resource: " + request.getRequestURI());
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ApiKeys current = require(keys, KEYS);
        if (!segments(request).isEmpty()) {
            throw ApiException.notFound("no such resource: POST " + request.getRequestURI());
        }
        Map<String, Object> body = Bodies.object(request);
        Object name = body.get("name");
        if (!(name instanceof String)) {
            throw ApiException.badRequest("field 'name' is required (a string: what the key is for)");
        }
        Object roles = body.get("roles");
        if (!(roles instanceof List<?> list) || list.isEmpty() || !list.stream().allMatch(r -> r instanceof String)) {
            throw ApiException.badRequest("field 'roles' is required: an array of " + ApiKeys.ROLES);
        }
        Set<String> wanted = new LinkedHashSet<>();
        list.forEach(r -> wanted.add((String) r));
        Instant expires = null;
        Object expiry = body.get("expires");
        if (expiry != null) {
            if (!(expiry instanceof String)) {
                throw ApiException.badRequest("field 'expires' must be a date-time string (e.g. 2027-01-31T00:00:00Z)");
            }
            try {
                expires = Instant.parse((String) expiry);
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("field 'expires' is not a date-time: '" + expiry + "' (e.g. 2027-01-31T00:00:00Z)");
            }
        }
        CreatedKey created = current.create((String) name, wanted, expires);
        response.setHeader("Location", "/api/keys/" + created.key().id());
        response.setHeader("Cache-Control", "no-store");
        send(response, 201, Map.of("key", created.key(), "token", created.token()));
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ApiKeys current = require(keys, KEYS);
        List<String> path = segments(request);
        if (path.size() != 1) {
            throw ApiException.notFound("DELETE /api/keys/{id}");
        }
        String id = path.get(0);
        if (current.get(id).isEmpty()) {
            throw ApiException.notFound("no key '" + id + "'");
        }
        boolean revoked = current.revoke(id);
        send(response, 200, Map.of("key", current.get(id).orElseThrow(), "revoked", revoked));
    }
}
