package org.affinity.rest.internal;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletErrorPage;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * What no other servlet answers under /api: 404 as problem details naming the route (the longest
 * pattern wins, so this catches only what nothing else matches); and the API's error page, so that
 * an error the container itself raises is problem details too, never an HTML page.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("affinity-no-route")
@HttpWhiteboardServletPattern("/api/*")
@HttpWhiteboardServletErrorPage(errorPage = { "4xx", "5xx" })
@HttpWhiteboardContextSelect(ApiGate.SELECT)
public class NoRouteServlet extends javax.servlet.http.HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute("javax.servlet.error.status_code");
        if (status instanceof Integer code) {
            Object message = request.getAttribute("javax.servlet.error.message");
            Object uri = request.getAttribute("javax.servlet.error.request_uri");
            Problems.send(null, response, code, (message == null || message.toString().isBlank() ? Problems.title(code)
                    : message.toString()) + (uri == null ? "" : " (" + uri + ")"), null, null);
            return;
        }
        Problems.send(request, response, 404, "no route " + request.getMethod() + " " + request.getRequestURI()
                + ": /api/openapi.json lists every route", null, null);
    }
}
