package org.affinity.rest.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of every API servlet: answers JSON, turns {@link ApiException} into its status with a JSON
 * body naming the problem, and never leaks a stack trace to the client.
 */
public abstract class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        try {
            super.service(request, response);
        } catch (ApiException e) {
            sendError(response, e.status(), e.getMessage(), e.details());
        } catch (IllegalArgumentException e) {
            sendError(response, 400, e.getMessage(), null);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
            sendError(response, 500, "internal error: " + e, null);
        }
    }

    /** The path below the servlet's pattern, split on '/', without empty segments. */
    protected static List<String> segments(HttpServletRequest request) {
        String info = request.getPathInfo();
        if (info == null || info.isEmpty() || info.equals("/")) {
            return List.of();
        }
        return List.of(info.substring(1).split("/+"));
    }

    protected static void send(HttpServletResponse response, int status, Object body) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        Json.MAPPER.writeValue(response.getOutputStream(), body);
    }

    protected static void sendError(HttpServletResponse response, int status, String message, Object details)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", message);
        if (details != null) {
            body.put("details", details);
        }
        send(response, status, body);
    }

    /** The service, or a 503 naming what is missing. */
    protected static <S> S require(S service, String what) {
        if (service == null) {
            throw ApiException.unavailable("the " + what + " service");
        }
        return service;
    }

    /** An integer query parameter within bounds, or the default when absent. */
    protected static int intParameter(HttpServletRequest request, String name, int defaultValue, int min, int max) {
        String raw = request.getParameter(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value < min || value > max) {
                throw ApiException.badRequest("parameter '" + name + "' must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("parameter '" + name + "' must be a whole number, was '" + raw + "'");
        }
    }
}
