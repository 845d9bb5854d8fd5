package org.affinity.rest.internal;

import java.io.IOException;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * GET /api/health/live: liveness. 200 whenever the process answers HTTP at all, starting or degraded
 * included: an orchestrator restarts a process whose liveness fails, and a restart cures neither a
 * start-up in progress nor a missing database. Whether to send traffic is readiness: /api/health.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("affinity-liveness")
@HttpWhiteboardServletPattern("/api/health/live")
@HttpWhiteboardContextSelect(ApiGate.SELECT)
public class LivenessServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        send(response, 200, Map.of("status", "ALIVE"));
    }
}
