package org.affinity.api.recommend;

import java.util.Objects;

/**
 * Sends the members a condition matches to a strategy. Conditions: {@code segment:<id>},
 * {@code country:<country>}, {@code attribute:<name>=<value>}, {@code anonymous} (no member),
 * {@code item} (item-to-item requests).
 *
 * @param when the condition
 * @param strategy where matching requests go
 * @since 1.1
 */
public record Route(String when, String strategy) {

    public Route {
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(strategy, "strategy");
    }

    /** The wire form {@code when=strategy}. */
    @Override
    public String toString() {
        return when + "=" + strategy;
    }
}
