package org.affinity.webconsole.internal;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardResource;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Serves the console's static files (/console/* from this bundle's /console folder) and sends
 * /console to its page. Everything the page shows comes from the REST API under /api.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("affinity-console")
@HttpWhiteboardServletPattern("/console")
@HttpWhiteboardResource(pattern = "/console/*", prefix = "/console")
public class ConsolePages extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendRedirect(request.getContextPath() + "/console/index.html");
    }
}
