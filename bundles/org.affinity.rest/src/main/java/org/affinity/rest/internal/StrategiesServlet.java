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
            changed = routing.withDefault(strategyOf(json(request)));
        } else if (path.equals(List.of("routes"))) {
            changed = routing.withRoutes(routes(json(request)));
        } else if (path.equals(List.of("experiment"))) {
            changed = routing.withExperiment(experiment(Bodies.object(request)));
        } else if (path.equals(List.of("fallback"))) {
            changed = new Routing(routing.defaultStrategy(), routing.routes(), routing.experiment(), chain(json(request)));
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

    /** Strategy names as the registry knows them: "cf", "hybrid", "my-strategy_2". */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /** The body as JSON (object, array, string, ...); malformed or empty JSON is a 400 naming where. */
    private static Object json(HttpServletRequest request) throws IOException {
        String body = new String(Bodies.read(request, 1 << 20), StandardCharsets.UTF_8).strip();
        if (body.isEmpty()) {
            throw ApiException.badRequest("the body is empty");
        }
        try {
            return Json.MAPPER.readValue(body, Object.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            if (NAME.matcher(body).matches()) {
                return body; // a bare name: PUT /api/strategies/default with cf
            }
            throw ApiException.badRequest("malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** A strategy name, or a 400 saying what {@code what} must be. */
    private static String name(Object value, String what) {
        if (!(value instanceof String name) || !NAME.matcher(name.strip()).matches()) {
            throw ApiException.badRequest(what + " must be a strategy name (letters, digits, '-', '_', '.'), was "
                    + (value instanceof String ? "'" + value + "'" : Bodies.typeOf(value)));
        }
        return name.strip();
    }

    /** {"strategy": "cf"}, "cf" or a bare cf. */
    private static String strategyOf(Object body) {
        if (body instanceof Map<?, ?> map) {
            return name(map.get("strategy"), "field 'strategy'");
        }
        return name(body, "the body ({\"strategy\": \"cf\"} or \"cf\")");
    }

    private static List<Route> routes(Object body) {
        if (!(body instanceof List<?> list)) {
            throw ApiException.badRequest("the body must be a JSON array of routes, e.g. [{\"when\": \"country:France\", "
                    + "\"strategy\": \"content\"}], was " + Bodies.typeOf(body));
        }
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object element = list.get(i);
            if (!(element instanceof Map<?, ?> map) || !(map.get("when") instanceof String when) || when.isBlank()) {
                throw ApiException.badRequest("route " + (i + 1) + " needs 'when' (a string) and 'strategy', was " + element);
            }
            routes.add(new Route(when.strip(), name(map.get("strategy"), "route " + (i + 1) + "'s 'strategy'")));
        }
        return routes;
    }

    private static List<String> chain(Object body) {
        if (!(body instanceof List<?> list)) {
            throw ApiException.badRequest("the body must be a JSON array of strategy names, e.g. [\"cf\", \"content\"], was "
                    + Bodies.typeOf(body));
        }
        List<String> chain = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            chain.add(name(list.get(i), "fallback " + (i + 1)));
        }
        return chain;
    }

    private static Experiment experiment(Map<String, Object> body) {
        if (!(body.get("name") instanceof String name) || name.isBlank()) {
            throw ApiException.badRequest("field 'name' must name the experiment (a string)");
        }
        if (!(body.get("arms") instanceof Map<?, ?> arms)) {
            throw ApiException.badRequest("field 'arms' must be an object of strategy: weight, e.g. {\"hybrid\": 50, \"cf\": 50}");
        }
        Map<String, Integer> weights = new LinkedHashMap<>();
        arms.forEach((strategy, weight) -> {
            if (!(weight instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
                throw ApiException.badRequest("field 'arms': the weight of '" + strategy + "' must be a whole number");
            }
            weights.put(name(strategy, "an arm"), number.intValue());
        });
        Instant started = null;
        if (body.get("started") != null) {
            if (!(body.get("started") instanceof String)) {
                throw ApiException.badRequest("field 'started' must be an ISO-8601 instant string");
            }
            try {
                started = Instant.parse(body.get("started").toString());
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("field 'started' must be an ISO-8601 instant, was '" + body.get("started") + "'");
            }
        }
        Object control = body.get("control");
        return new Experiment(name.strip(), weights, control == null ? null : name(control, "field 'control'"), started);
    }
}
