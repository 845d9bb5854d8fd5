package org.affinity.rest.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.affinity.api.ingest.IngestRecord;
import org.affinity.api.ingest.IngestResult;
import org.affinity.api.ingest.Ingestion;
import org.affinity.api.recommend.Recommendations;
import org.affinity.api.store.Store;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Members: PUT/GET /api/members/{id}; GET /api/members/{id}/events; GET /api/members/{id}/export
 * (everything held about the member, derived data included); DELETE /api/members/{id} erases the
 * member, their events and everything derived from them, and answers once every bundle dropped it.
 * GET /api/members/{id}/profile and /similar come from the profiles (MemberProfileResources);
 * GET /api/members/{id}/recommendations from the recommendations (see {@link RecommendationQuery}).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("affinity-members")
@HttpWhiteboardServletPattern({"/api/members/*"})
@HttpWhiteboardContextSelect(ApiGate.SELECT)
public class MembersServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Ingestion ingestion;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Store store;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile org.affinity.api.profile.Profiles profiles;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile org.affinity.api.segment.Segments segmentService;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Recommendations recommendations;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request);
        Object derived = path.size() == 2 ? MemberProfileResources.get(path.get(0), path.get(1), request, profiles, segmentService) : null;
        if (derived != null) {
            send(response, 200, derived);
            return;
        }
        Store current = require(store, "store");
        if (path.size() == 2 && path.get(1).equals("recommendations")) {
            send(response, 200, RecommendationQuery.answer(require(recommendations, "recommendations"), current,
                    RecommendationQuery.parse(request, path.get(0), null)));
        } else if (path.size() == 1) {
            String id = path.get(0);
            send(response, 200, current.member(id).orElseThrow(() -> ApiException.notFound("no member '" + id + "'")));
        } else if (path.size() == 2 && path.get(1).equals("events")) {
            send(response, 200, Map.of("member", path.get(0), "events", current.events(path.get(0))));
        } else if (path.size() == 2 && path.get(1).equals("export")) {
            String id = path.get(0);
            send(response, 200, current.export(id).orElseThrow(() -> ApiException.notFound("nothing is held about member '" + id + "'")));
        } else {
            throw ApiException.notFound("no such resource: " + request.getRequestURI());
        }
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request);
        if (path.size() != 1) {
            throw ApiException.notFound("PUT /api/members/{id}");
        }
        String id = path.get(0);
        IngestResult result = require(ingestion, "ingestion").members(List.of(new IngestRecord(1, Bodies.objectFor(request, id))));
        if (!result.complete()) {
            throw new ApiException(400, "invalid member", result.rejections());
        }
        send(response, 200, require(store, "store").member(id).orElseThrow());
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request);
        if (path.size() != 1) {
            throw ApiException.notFound("DELETE /api/members/{id}");
        }
        String id = path.get(0);
        boolean held = require(store, "store").erase(id);
        if (!held) {
            throw ApiException.notFound("no member '" + id + "' (nothing erased)");
        }
        send(response, 200, Map.of("erased", id));
    }
}
