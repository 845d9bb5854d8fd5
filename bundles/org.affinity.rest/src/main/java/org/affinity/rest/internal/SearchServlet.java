package org.affinity.rest.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Supplier;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.affinity.api.job.Job;
import org.affinity.api.search.CatalogHit;
import org.affinity.api.search.CatalogSearch;
import org.affinity.api.search.SearchFilter;
import org.affinity.api.search.SearchUnavailableException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Semantic catalogue search: GET /api/search?q=text&amp;n=10 (filters: category, available,
 * minPrice, maxPrice), GET /api/search/status, POST /api/search/reindex. GET /api/items/{id}/similar
 * (in {@link ItemsServlet}) answers through {@link #similar}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("affinity-search")
@HttpWhiteboardServletPattern({"/api/search", "/api/search/*"})
@HttpWhiteboardContextSelect(ApiGate.SELECT)
public class SearchServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private static final int MAX_QUERY_LENGTH = 1000;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CatalogSearch search;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request);
        if (path.isEmpty()) {
            String query = request.getParameter("q");
            if (query == null || query.isBlank()) {
                throw ApiException.badRequest("parameter 'q' (the text to search for) is required");
            }
            if (query.length() > MAX_QUERY_LENGTH) {
                throw ApiException.badRequest("parameter 'q' must be at most " + MAX_QUERY_LENGTH + " characters, was " + query.length());
            }
            int n = n(request);
            SearchFilter filter = filter(request);
            CatalogSearch service = require(search, "catalogue search");
            List<CatalogHit> hits = answer(() -> service.search(query.strip(), n, filter));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("query", query.strip());
            body.put("hits", hits);
            send(response, 200, body);
        } else if (path.equals(List.of("status"))) {
            send(response, 200, require(search, "catalogue search").status());
        } else {
            throw ApiException.notFound("no such resource: " + request.getRequestURI());
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!segments(request).equals(List.of("reindex"))) {
            throw ApiException.notFound("POST /api/search/reindex re-embeds every item; no such resource: " + request.getRequestURI());
        }
        CatalogSearch service = require(search, "catalogue search");
        Job job = answer(service::reindex);
        response.setHeader("Location", "/api/jobs/" + job.id());
        send(response, 202, job.status());
    }

    /** GET /api/items/{id}/similar?n=10 with the same filters as a search. */
    static void similar(CatalogSearch search, String itemId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        int n = n(request);
        SearchFilter filter = filter(request);
        CatalogSearch service = require(search, "catalogue search");
        List<CatalogHit> hits = answer(() -> service.similar(itemId, n, filter));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("item", itemId);
        body.put("hits", hits);
        send(response, 200, body);
    }

    private static int n(HttpServletRequest request) {
        return intParameter(request, "n", 10, 1, 1000);
    }

    /** category (repeatable), available (true, false, any), minPrice, maxPrice. */
    static SearchFilter filter(HttpServletRequest request) {
        Set<String> categories = new LinkedHashSet<>();
        String[] values = request.getParameterValues("category");
        if (values != null) {
            for (String value : values) {
                if (!value.isBlank()) {
                    categories.add(value.strip());
                }
            }
        }
        Boolean available;
        String raw = request.getParameter("available");
        if (raw == null || raw.isBlank() || raw.equalsIgnoreCase("any")) {
            available = null;
        } else if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
            available = Boolean.valueOf(raw.toLowerCase(java.util.Locale.ROOT));
        } else {
            throw ApiException.badRequest("parameter 'available' must be true, false or any, was '" + raw + "'");
        }
        return new SearchFilter(categories, available, price(request, "minPrice"), price(request, "maxPrice"));
    }

    private static BigDecimal price(HttpServletRequest request, String name) {
        String raw = request.getParameter(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            BigDecimal price = new BigDecimal(raw.strip());
            if (price.signum() < 0) {
                throw ApiException.badRequest("parameter '" + name + "' must not be negative, was " + raw);
            }
            return price;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("parameter '" + name + "' must be a number, was '" + raw + "'");
        }
    }

    /** The service's answer, its refusals as HTTP errors: no model yet is 503, an unknown item 404. */
    private static <T> T answer(Supplier<T> call) {
        try {
            return call.get();
        } catch (SearchUnavailableException e) {
            throw new ApiException(503, e.getMessage());
        } catch (NoSuchElementException e) {
            throw ApiException.notFound(e.getMessage());
        }
    }
}
