package org.affinity.rest.internal;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of every API servlet: answers JSON, turns {@link ApiException} into its status as RFC 9457
 * problem details naming the problem ({@link Problems}), answers methods a servlet does not implement
 * with 405 and its Allow header, and never leaks a stack trace to the client.
 */
public abstract class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE");

    private transient volatile Set<String> allowed;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String method = request.getMethod();
        if (!allowed().contains(method) && !method.equals("HEAD") && !method.equals("OPTIONS")) {
            response.setHeader("Allow", String.join(", ", allowed()));
            Problems.send(request, response, 405, method + " is not supported by " + request.getRequestURI()
                    + "; allowed: " + String.join(", ", allowed()), null, null);
            return;
        }
        try {
            super.service(request, response);
        } catch (ApiException e) {
            Problems.send(request, response, e.status(), e.getMessage(), e.details(), null);
        } catch (org.affinity.api.ingest.RejectedException e) {
            Problems.send(request, response, 400, e.getMessage(), e.rejections(), null);
        } catch (IllegalArgumentException e) {
            Problems.send(request, response, 400, e.getMessage(), null, null);
        } catch (java.util.NoSuchElementException e) {
            // services throw it for unknown ids (sessions, intent sets): the client named something that is not there
            Problems.send(request, response, 404, e.getMessage(), null, null);
        } catch (RuntimeException e) {
            ApiException known = translate(e);
            if (known != null) {
                Problems.send(request, response, known.status(), known.getMessage(), known.details(), null);
                return;
            }
            LOG.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
            Problems.send(request, response, 500, "internal error (" + e.getClass().getSimpleName()
                    + "); the server log has the details", null, null);
        }
    }

    /**
     * The client error a service's exception means for this servlet, or null for a server error: e.g.
     * chat's IllegalStateException is a closed session (409).
     */
    protected ApiException translate(RuntimeException e) {
        return null;
    }

    /** The methods this servlet's class implements (GET, POST, PUT, DELETE overridden from HttpServlet). */
    private Set<String> allowed() {
        Set<String> methods = allowed;
        if (methods == null) {
            methods = new java.util.LinkedHashSet<>();
            for (String method : METHODS) {
                String name = "do" + method.charAt(0) + method.substring(1).toLowerCase(java.util.Locale.ROOT);
                try {
                    if (getClass().getDeclaredMethod(name, HttpServletRequest.class, HttpServletResponse.class) != null) {
                        methods.add(method);
                    }
                } catch (NoSuchMethodException notHere) {
                    // not implemented by this servlet
                }
            }
            allowed = methods;
        }
        return methods;
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

    /** An error as problem details (see {@link Problems}). */
    protected static void sendError(HttpServletRequest request, HttpServletResponse response, int status, String message,
            Object details) throws IOException {
        Problems.send(request, response, status, message, details, null);
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
