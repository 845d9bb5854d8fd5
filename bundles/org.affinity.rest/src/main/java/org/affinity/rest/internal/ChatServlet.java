package org.affinity.rest.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.affinity.api.chat.Chat;
import org.affinity.api.chat.ChatSession;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Chat sessions: POST /api/chat/sessions ({"member"} or {} for a visitor) opens one;
 * POST /api/chat/sessions/{id}/messages ({"text"}) answers a message; GET /api/chat/sessions/{id} is
 * the transcript; GET /api/chat/sessions?member= lists a member's; POST /api/chat/sessions/{id}/close
 * ({"note"}) ends one; GET /api/chat/handoffs lists the sessions waiting for a person.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("affinity-chat")
@HttpWhiteboardServletPattern({"/api/chat/sessions", "/api/chat/sessions/*", "/api/chat/handoffs"})
@HttpWhiteboardContextSelect(ApiGate.SELECT)
public class ChatServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private static final String CHAT = "the chat service (bundle org.affinity.chat)";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Chat chat;

    /**
     * A closed session cannot take messages (409: the request conflicts with its state); a member
     * cannot be looked up while the store is away (503).
     */
    @Override
    protected ApiException translate(RuntimeException e) {
        if (!(e instanceof IllegalStateException)) {
            return null;
        }
        return new ApiException(e.getMessage() != null && e.getMessage().contains("is not available") ? 503 : 409,
                e.getMessage());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Chat current = require(chat, CHAT);
        List<String> path = segments(request);
        if (request.getServletPath().equals("/api/chat/handoffs")) {
            if (!path.isEmpty()) {
                throw ApiException.notFound("no such resource: " + request.getRequestURI());
            }
            send(response, 200, Map.of("handoffs", current.handoffs()));
        } else if (path.isEmpty()) {
            String member = request.getParameter("member");
            if (member == null || member.isBlank()) {
                throw ApiException.badRequest("parameter 'member' is required: GET /api/chat/sessions?member={id}");
            }
            send(response, 200, Map.of("member", member, "sessions", current.sessions(member)));
        } else if (path.size() == 1) {
            send(response, 200, current.session(path.get(0))
                    .orElseThrow(() -> ApiException.notFound("no chat session '" + path.get(0) + "'")));
        } else {
            throw ApiException.notFound("no such resource: " + request.getRequestURI());
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request);
        if (request.getServletPath().equals("/api/chat/handoffs")) {
            throw new ApiException(405, "GET /api/chat/handoffs lists handoffs; close one with POST /api/chat/sessions/{id}/close");
        }
        Chat current = require(chat, CHAT);
        if (path.isEmpty()) {
            Map<String, Object> body = optionalObject(request);
            ChatSession session = current.open(text(body, "member", false));
            response.setHeader("Location", "/api/chat/sessions/" + session.id());
            send(response, 201, session);
        } else if (path.size() == 2 && path.get(1).equals("messages")) {
            send(response, 200, current.send(path.get(0), text(Bodies.object(request), "text", true)));
        } else if (path.size() == 2 && path.get(1).equals("close")) {
            send(response, 200, current.close(path.get(0), text(optionalObject(request), "note", false)));
        } else {
            throw ApiException.notFound("no such resource: POST " + request.getRequestURI());
        }
    }

    /** The body's JSON object, or an empty one when there is no body. */
    private static Map<String, Object> optionalObject(HttpServletRequest request) throws IOException {
        return Bodies.objectOrEmpty(request);
    }

    /** A string field: refused when it has another JSON type, or is missing and required. */
    private static String text(Map<String, Object> body, String field, boolean required) {
        Object value = body.get(field);
        if (value == null) {
            if (required) {
                throw ApiException.badRequest("field '" + field + "' is required (a string)");
            }
            return null;
        }
        if (!(value instanceof String)) {
            throw ApiException.badRequest("field '" + field + "' must be a string, was " + Bodies.typeOf(value));
        }
        return (String) value;
    }
}
