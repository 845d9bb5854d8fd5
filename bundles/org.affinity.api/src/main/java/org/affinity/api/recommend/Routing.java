package org.affinity.api.recommend;

import java.util.List;

/**
 * How {@link Recommendations} picks a strategy when the request names none: the first matching
 * route, else the member's experiment arm, else the default. Whatever is picked, the fallback
 * chain is tried after it, and popularity last.
 *
 * @param defaultStrategy the strategy used when nothing else decides
 * @param routes per-segment (or country, attribute) routes, first match wins
 * @param experiment the A/B split, or null
 * @param fallback strategies tried, in order, when the chosen one is missing, fails or returns
 *        too few items
 * @since 1.1
 */
public record Routing(String defaultStrategy, List<Route> routes, Experiment experiment, List<String> fallback) {

    public Routing {
        routes = routes == null ? List.of() : List.copyOf(routes);
        fallback = fallback == null ? List.of() : List.copyOf(fallback);
    }

    public Routing withDefault(String strategy) {
        return new Routing(strategy, routes, experiment, fallback);
    }

    public Routing withRoutes(List<Route> newRoutes) {
        return new Routing(defaultStrategy, newRoutes, experiment, fallback);
    }

    public Routing withExperiment(Experiment newExperiment) {
        return new Routing(defaultStrategy, routes, newExperiment, fallback);
    }
}
