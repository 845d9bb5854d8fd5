package org.affinity.api.recommend;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An A/B split: members are assigned to arms deterministically from a hash of the experiment name
 * and their id, in proportion to the weights, so a member stays in one arm across requests and
 * restarts. Each arm is a strategy name.
 *
 * @param name names the experiment; changing it reshuffles the members
 * @param arms strategy name to weight (e.g. hybrid=50, cf=50), in order
 * @param control the arm the others are compared with in the uplift report
 * @param started when the experiment started (the uplift report counts behaviour from then on)
 * @since 1.1
 */
public record Experiment(String name, Map<String, Integer> arms, String control, Instant started) {

    public Experiment {
        Objects.requireNonNull(name, "name");
        arms = arms == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(arms));
        if (control == null && !arms.isEmpty()) {
            control = arms.keySet().iterator().next();
        }
    }

    public boolean active() {
        return arms.values().stream().anyMatch(weight -> weight > 0);
    }
}
