package org.affinity.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * GET /api/openapi.json: the OpenAPI 3 description of the whole API. It is written by hand next to
 * the servlets (so it says what the code means, not what annotations happen to show); an
 * integration test checks every registered servlet pattern is documented and every documented
 * route is served.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("affinity-openapi")
@HttpWhiteboardServletPattern("/api/openapi.json")
@HttpWhiteboardContextSelect(ApiGate.SELECT)
public class OpenApiServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    static final String RESOURCE = "/org/affinity/rest/openapi.json";

    private final byte[] document;

    @Activate
    public OpenApiServlet(BundleContext context) throws IOException {
        document = load(context.getBundle().getVersion().toString());
    }

    static byte[] load(String version) throws IOException {
        try (InputStream in = OpenApiServlet.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is missing from the bundle");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.replace("${version}", version).getBytes(StandardCharsets.UTF_8);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(document);
    }
}
