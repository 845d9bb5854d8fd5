package org.affinity.rest.internal;

import java.io.IOException;
import java.util.List;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.affinity.api.ingest.IngestRecord;
import org.affinity.api.ingest.IngestResult;
import org.affinity.api.ingest.Ingestion;
import org.affinity.api.recommend.Recommendations;
import org.affinity.api.search.CatalogSearch;
import org.affinity.api.store.Store;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Items: PUT /api/items/{id}, POST /api/items (batch), GET /api/items/{id}; GET /api/items/{id}/similar
 * (semantic: the catalogue search, see {@link SearchServlet}; with {@code ?strategy=} the same as
 * /recommendations); GET /api/items/{id}/recommendations (item-to-item by the recommendation
 * strategies, see {@link RecommendationQuery}).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("affinity-items")
@HttpWhiteboardServletPattern({"/api/items", "/api/items/*"})
@HttpWhiteboardContextSelect(ApiGate.SELECT)
public class ItemsServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Ingestion ingestion;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Store store;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Recommendations recommendations;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CatalogSearch search;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request);
        // /similar names no strategy: the semantic catalogue search; with ?strategy= it asks that
        // recommendation strategy for item-to-item, exactly as /recommendations does.
        boolean similar = path.size() == 2 && path.get(1).equals("similar");
        if (similar && request.getParameter("strategy") == null) {
            SearchServlet.similar(search, path.get(0), request, response);
            return;
        }
        if (similar || (path.size() == 2 && path.get(1).equals("recommendations"))) {
            Store current = require(store, "store");
            if (current.item(path.get(0)).isEmpty()) {
                throw ApiException.notFound("no item '" + path.get(0) + "'");
            }
            send(response, 200, RecommendationQuery.answer(require(recommendations, "recommendations"), current,
                    RecommendationQuery.parse(request, null, path.get(0))));
            return;
        }
        if (path.size() != 1) {
            throw ApiException.notFound("no such resource: " + request.getRequestURI());
        }
        String id = path.get(0);
        send(response, 200, require(store, "store").item(id)
                .orElseThrow(() -> ApiException.notFound("no item '" + id + "'")));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!segments(request).isEmpty()) {
            throw ApiException.notFound("POST goes to /api/items (a batch); PUT /api/items/{id} stores one item");
        }
        IngestResult result = require(ingestion, "ingestion").items(Bodies.records(request));
        EventsServlet.sendResult(request, response, result, "items");
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request);
        if (path.size() != 1) {
            throw ApiException.notFound("PUT /api/items/{id}");
        }
        String id = path.get(0);
        IngestResult result = require(ingestion, "ingestion").items(List.of(new IngestRecord(1, Bodies.objectFor(request, id))));
        if (!result.complete()) {
            throw new ApiException(400, "invalid item", result.rejections());
        }
        send(response, 200, require(store, "store").item(id).orElseThrow());
    }
}
