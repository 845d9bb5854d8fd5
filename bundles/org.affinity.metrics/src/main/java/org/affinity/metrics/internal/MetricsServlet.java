package org.affinity.metrics.internal;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * GET /api/metrics: the registry in the Prometheus text format, or OpenMetrics when the scraper asks
 * for it (Accept: application/openmetrics-text). Registered in the API's servlet context, so the gate
 * asks for a key with the metrics role (or admin) like for any route.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("affinity-metrics")
@HttpWhiteboardServletPattern("/api/metrics")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=affinity)")
public class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient PrometheusRegistry registry;

    @Activate
    public MetricsServlet(@Reference PrometheusRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String accept = request.getHeader("Accept");
        ExpositionFormatWriter writer = accept != null && accept.contains("application/openmetrics-text")
                ? OpenMetricsTextFormatWriter.create() : PrometheusTextFormatWriter.create();
        response.setStatus(200);
        response.setContentType(writer.getContentType());
        writer.write(response.getOutputStream(), registry.scrape());
    }
}
