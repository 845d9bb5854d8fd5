package org.affinity.rest.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;

import org.affinity.api.item.Item;
import org.affinity.api.recommend.Filters;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.RecommendationResult;
import org.affinity.api.recommend.Recommendations;
import org.affinity.api.store.Store;

/**
 * GET .../recommendations for a member or an item: query parameters {@code n} (1-100, default 10),
 * {@code strategy}, {@code category} (repeatable or comma-separated), {@code minPrice},
 * {@code maxPrice}, {@code available} (default true), {@code exclude} (ids), {@code repurchase},
 * {@code country}, {@code member} (item-to-item for a member). The answer lists items with title,
 * price, score and explanation, and the attribution the shop puts on resulting events.
 */
final class RecommendationQuery {

    static final int MAX_COUNT = 100;

    private RecommendationQuery() {
    }

    static RecommendationRequest parse(HttpServletRequest http, String memberId, String itemId) {
        int count = ApiServlet.intParameter(http, "n", 10, 1, MAX_COUNT);
        String available = http.getParameter("available");
        if (available != null && !available.equals("true") && !available.equals("false")) {
            throw ApiException.badRequest("parameter 'available' must be true or false, was '" + available + "'");
        }
        Filters filters = new Filters(list(http, "category"), decimal(http, "minPrice"), decimal(http, "maxPrice"),
                !"false".equals(available), list(http, "exclude"), "true".equals(http.getParameter("repurchase")));
        if (filters.minPrice() != null && filters.maxPrice() != null && filters.minPrice().compareTo(filters.maxPrice()) > 0) {
            throw ApiException.badRequest("parameter 'minPrice' is above 'maxPrice'");
        }
        Map<String, String> context = new HashMap<>();
        String country = http.getParameter("country");
        if (country != null && !country.isBlank()) {
            context.put("country", country.trim());
        }
        String strategy = http.getParameter("strategy");
        String member = memberId != null ? memberId : blankToNull(http.getParameter("member"));
        return new RecommendationRequest(member, itemId, count, filters, context, blankToNull(strategy));
    }

    static Map<String, Object> answer(Recommendations recommendations, Store store, RecommendationRequest request) {
        RecommendationResult result = recommendations.recommend(request);
        Map<String, Item> items = new HashMap<>();
        if (store != null) {
            store.items(result.items().stream().map(Recommendation::itemId).toList()).forEach(item -> items.put(item.id(), item));
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Recommendation r : result.items()) {
            Map<String, Object> line = new LinkedHashMap<>();
            Item item = items.get(r.itemId());
            line.put("item", r.itemId());
            if (item != null) {
                line.put("title", item.title());
                line.put("price", item.price());
                line.put("categories", item.categories());
            }
            line.put("score", r.score());
            line.put("explanation", r.explanation());
            lines.add(line);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", result.id());
        body.put("member", request.memberId());
        body.put("item", request.itemId());
        body.put("strategy", result.strategy());
        body.put("arm", result.arm());
        body.put("fallbacks", result.fallbacks());
        body.put("attribution", result.attribution());
        body.put("items", lines);
        return body;
    }

    private static Set<String> list(HttpServletRequest http, String name) {
        String[] values = http.getParameterValues(name);
        Set<String> list = new LinkedHashSet<>();
        if (values != null) {
            for (String value : values) {
                for (String part : value.split(",")) {
                    if (!part.isBlank()) {
                        list.add(part.trim());
                    }
                }
            }
        }
        return list;
    }

    private static BigDecimal decimal(HttpServletRequest http, String name) {
        String raw = http.getParameter(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            BigDecimal value = new BigDecimal(raw.trim());
            if (value.signum() < 0) {
                throw ApiException.badRequest("parameter '" + name + "' must not be negative, was " + raw);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("parameter '" + name + "' must be a number, was '" + raw + "'");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
