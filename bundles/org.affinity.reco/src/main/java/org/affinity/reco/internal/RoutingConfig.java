package org.affinity.reco.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.affinity.api.recommend.Experiment;
import org.affinity.api.recommend.Route;
import org.affinity.api.recommend.Routing;

/** Routing to and from the properties of PID org.affinity.reco, with validation naming the field. */
final class RoutingConfig {

    static final String PID = "org.affinity.reco";

    private RoutingConfig() {
    }

    static Routing of(RecoConfig config) {
        List<Route> routes = new ArrayList<>();
        for (String line : config.routes()) {
            int eq = line.lastIndexOf('=');
            if (eq <= 0 || eq == line.length() - 1) {
                throw new IllegalArgumentException("routes: expected when=strategy, was '" + line + "'");
            }
            routes.add(new Route(line.substring(0, eq).trim(), line.substring(eq + 1).trim()));
        }
        Experiment experiment = null;
        if (!config.experimentName().isBlank()) {
            Map<String, Integer> arms = new LinkedHashMap<>();
            for (String line : config.experimentArms()) {
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("experimentArms: expected strategy=weight, was '" + line + "'");
                }
                try {
                    arms.put(line.substring(0, eq).trim(), Integer.parseInt(line.substring(eq + 1).trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("experimentArms: weight must be a whole number in '" + line + "'");
                }
            }
            experiment = new Experiment(config.experimentName(), arms,
                    config.experimentControl().isBlank() ? null : config.experimentControl(), started(config.experimentStarted()));
        }
        return validate(new Routing(config.defaultStrategy(), routes, experiment, List.of(config.fallback())));
    }

    private static Instant started(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("experimentStarted: not an ISO-8601 instant: '" + text + "'");
        }
    }

    /** Checks a routing; returns it with defaults filled in (experiment start, control). */
    static Routing validate(Routing routing) {
        if (routing.defaultStrategy() == null || routing.defaultStrategy().isBlank()) {
            throw new IllegalArgumentException("defaultStrategy: must name a strategy");
        }
        for (Route route : routing.routes()) {
            if (!Router.knownCondition(route.when())) {
                throw new IllegalArgumentException("routes: unknown condition '" + route.when()
                        + "' (segment:<id>, country:<country>, attribute:<name>=<value>, anonymous, item)");
            }
            if (route.strategy().isBlank()) {
                throw new IllegalArgumentException("routes: '" + route.when() + "' names no strategy");
            }
        }
        Experiment experiment = routing.experiment();
        if (experiment != null) {
            if (experiment.name().isBlank()) {
                throw new IllegalArgumentException("experiment.name: must not be blank");
            }
            if (experiment.arms().isEmpty() || experiment.arms().values().stream().anyMatch(w -> w == null || w < 0)
                    || !experiment.active()) {
                throw new IllegalArgumentException("experiment.arms: give at least one strategy with a positive weight, "
                        + "no negative weights, e.g. {\"hybrid\": 50, \"cf\": 50}");
            }
            if (!experiment.arms().containsKey(experiment.control())) {
                throw new IllegalArgumentException("experiment.control: '" + experiment.control() + "' is not an arm");
            }
            if (experiment.started() == null) {
                experiment = new Experiment(experiment.name(), experiment.arms(), experiment.control(), Instant.now());
            }
        }
        return new Routing(routing.defaultStrategy().trim(), routing.routes(), experiment, routing.fallback());
    }

    static Hashtable<String, Object> properties(Routing routing) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("defaultStrategy", routing.defaultStrategy());
        properties.put("fallback", routing.fallback().toArray(String[]::new));
        properties.put("routes", routing.routes().stream().map(Route::toString).toArray(String[]::new));
        Experiment experiment = routing.experiment();
        properties.put("experimentName", experiment == null ? "" : experiment.name());
        properties.put("experimentArms", experiment == null ? new String[0]
                : experiment.arms().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        properties.put("experimentControl", experiment == null ? "" : experiment.control());
        properties.put("experimentStarted", experiment == null ? "" : experiment.started().toString());
        return properties;
    }
}
