package org.affinity.rest.internal;

import java.io.IOException;
import java.util.List;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.affinity.api.job.Job;
import org.affinity.api.profile.Profiles;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Profiles as a whole: GET /api/profiles (population statistics: RFM reference date, quintile
 * thresholds, segment sizes); POST /api/profiles/refresh (recompute them now);
 * POST /api/profiles/rebuild (rebuild every profile from the store: 202 with the job).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("affinity-profiles")
@HttpWhiteboardServletPattern({"/api/profiles", "/api/profiles/*"})
@HttpWhiteboardContextSelect(ApiGate.SELECT)
public class ProfilesServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Profiles profiles;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!segments(request).isEmpty()) {
            throw ApiException.notFound("no such resource: " + request.getRequestURI());
        }
        send(response, 200, require(profiles, "profiles").population());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Profiles service = require(profiles, "profiles");
        List<String> path = segments(request);
        if (path.equals(List.of("refresh"))) {
            send(response, 200, service.refreshPopulation());
        } else if (path.equals(List.of("rebuild"))) {
            Job job = service.rebuild();
            response.setHeader("Location", "/api/jobs/" + job.id());
            send(response, 202, job.status());
        } else {
            throw ApiException.notFound("POST /api/profiles/refresh or /api/profiles/rebuild");
        }
    }
}
