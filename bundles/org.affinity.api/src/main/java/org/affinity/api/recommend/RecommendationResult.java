package org.affinity.api.recommend;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recommendations as served.
 *
 * @param items best first
 * @param strategy the strategy that produced them
 * @param arm the A/B arm or route that chose the strategy ("default", "request", "ab:hybrid",
 *        "route:country:France"...)
 * @param fallbacks strategies tried before, each with why it was skipped
 * @param id identifies this response; the shop copies {@link #attribution()} onto the events that
 *        follow it (view, cart, purchase of a recommended item) so arms can be compared (since 1.1)
 */
public record RecommendationResult(List<Recommendation> items, String strategy, String arm, List<String> fallbacks,
        String id) {

    /** Event attribute naming the recommendation response an event followed. */
    public static final String EVENT_RECOMMENDATION = "recommendation";
    /** Event attribute naming the arm that served it. */
    public static final String EVENT_ARM = "arm";
    /** Event attribute naming the strategy that served it. */
    public static final String EVENT_STRATEGY = "strategy";

    public RecommendationResult {
        items = List.copyOf(items);
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
    }

    public RecommendationResult(List<Recommendation> items, String strategy, String arm, List<String> fallbacks) {
        this(items, strategy, arm, fallbacks, null);
    }

    /**
     * The attributes to put on events that result from this response:
     * {@value #EVENT_RECOMMENDATION}, {@value #EVENT_ARM}, {@value #EVENT_STRATEGY}.
     *
     * @since 1.1
     */
    public Map<String, String> attribution() {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (id != null) {
            attributes.put(EVENT_RECOMMENDATION, id);
        }
        if (arm != null) {
            attributes.put(EVENT_ARM, arm);
        }
        if (strategy != null) {
            attributes.put(EVENT_STRATEGY, strategy);
        }
        return attributes;
    }
}
