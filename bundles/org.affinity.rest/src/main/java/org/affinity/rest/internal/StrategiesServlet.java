package org.affinity.rest.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.affinity.api.recommend.Experiment;
import org.affinity.api.recommend.Recommendations;
import org.affinity.api.recommend.Route;
import org.affinity.api.recommend.Routing;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Strategies and routing: GET /api/strategies (present strategies, default, routing);
 * PUT /api/strategies/default {"strategy": "cf"}; GET|PUT /api/strategies/routes
 * [{"when": "country:France", "strategy": "content"}]; GET|PUT|DELETE /api/strategies/experiment
 * {"name", "arms": {"hybrid": 50, "cf": 50}, "control", "started"}; PUT /api/strategies/fallback
 * ["cf", "content"]; GET /api/strategies/uplift. Changes are stored in PID org.affinity.reco and
 * used by the next request.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("affinity-strategies")
@HttpWhiteboardServletPattern({"/api/strategies", "/api/strategies/*"})
@HttpWhiteboardContextSelect(ApiGate.SELECT)
public class StrategiesServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Recommendations recommendations;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Recommendations current = require(recommendations, "recommendations");
        List<String> path = segments(request);
        if (path.isEmpty()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("default", current.defaultStrategy());
            body.put("strategies", current.strategies());
            body.put("routing", current.routing());
            send(response, 200, body);
        } else if (path.equals(List.of("routes"))) {
            send(response, 200, current.routing().routes());
        } else if (path.equals(List.of("experiment"))) {
            Experiment experiment = current.routing().experiment();
            if (experiment == null) {
                throw ApiException.notFound("no experiment is configured");
            }
            send(response, 200, experiment);
        } else if (path.equals(List.of("uplift"))) {
            try {
                send(response, 200, current.uplift());
            } catch (IllegalStateException e) {
                throw ApiException.notFound(e.getMessage());
            }
        } else {
            throw ApiException.notFound("no such resource: " + request.getRequestURI());
        }
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Recommendations current = require(recommendations, "recommendations");
        List<String> path = segments(request);
        Routing routing = current.routing();
        Routing changed;
        if (path.equals(List.of("default"))) {
            String strategy = strategyOf(request);
            changed = routing.withDefault(strategy);
        } else if (path.equals(List.of("routes"))) {
            changed = routing.withRoutes(routes(Json.MAPPER.readValue(body(request), List.class)));
        } else if (path.equals(List.of("experiment"))) {
            changed = routing.withExperiment(experiment(Bodies.object(request)));
        } else if (path.equals(List.of("fallback"))) {
            List<?> chain = Json.MAPPER.readValue(body(request), List.class);
            changed = new Routing(routing.defaultStrategy(), routing.routes(), routing.experiment(),
                    chain.stream().map(String::valueOf).toList());
        } else {
            throw ApiException.notFound("PUT /api/strategies/default, /routes, /experiment or /fallback");
        }
        Routing applied = current.configure(changed);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("routing", applied);
        body.put("present", current.strategies());
        if (!current.strategies().contains(applied.defaultStrategy())) {
            body.put("warning", "strategy '" + applied.defaultStrategy() + "' is not present now: requests fall back until it is installed");
        }
        send(response, 200, body);
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Recommendations current = require(recommendations, "recommendations");
        if (!segments(request).equals(List.of("experiment"))) {
            throw ApiException.notFound("DELETE /api/strategies/experiment");
        }
        send(response, 200, Map.of("routing", current.configure(current.routing().withExperiment(null))));
    }

    private static String body(HttpServletRequest request) throws IOException {
        String body = new String(Bodies.read(request, 1 << 20), StandardCharsets.UTF_8).strip();
        if (body.isEmpty()) {
            throw ApiException.badRequest("the body is empty");
        }
        return body;
    }

    /** {"strategy": "cf"} or a bare name. */
    private static String strategyOf(HttpServletRequest request) throws IOException {
        String body = body(request);
        String strategy = body.startsWith("{") ? String.valueOf(Json.MAPPER.readValue(body, Map.class).get("strategy"))
                : body.replace("\"", "");
        if (strategy.isBlank() || strategy.equals("null")) {
            throw ApiException.badRequest("field 'strategy' must name a strategy");
        }
        return strategy.trim();
    }

    private static List<Route> routes(List<?> body) {
        List<Route> routes = new ArrayList<>();
        for (Object element : body) {
            if (!(element instanceof Map<?, ?> map) || map.get("when") == null || map.get("strategy") == null) {
                throw ApiException.badRequest("each route needs 'when' and 'strategy', was " + element);
            }
            routes.add(new Route(map.get("when").toString(), map.get("strategy").toString()));
        }
        return routes;
    }

    private static Experiment experiment(Map<String, Object> body) {
        Object name = body.get("name");
        if (name == null || name.toString().isBlank()) {
            throw ApiException.badRequest("field 'name' must name the experiment");
        }
        if (!(body.get("arms") instanceof Map<?, ?> arms)) {
            throw ApiException.badRequest("field 'arms' must be an object of strategy: weight, e.g. {\"hybrid\": 50, \"cf\": 50}");
        }
        Map<String, Integer> weights = new LinkedHashMap<>();
        arms.forEach((strategy, weight) -> {
            if (!(weight instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
                throw ApiException.badRequest("field 'arms': the weight of '" + strategy + "' must be a whole number");
            }
            weights.put(strategy.toString(), number.intValue());
        });
        Instant started = null;
        if (body.get("started") != null) {
            try {
                started = Instant.parse(body.get("started").toString());
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("field 'started' must be an ISO-8601 instant, was '" + body.get("started") + "'");
            }
        }
        Object control = body.get("control");
        return new Experiment(name.toString(), weights, control == null ? null : control.toString(), started);
    }
}
