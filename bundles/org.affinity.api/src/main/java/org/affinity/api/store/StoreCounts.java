package org.affinity.api.store;

import java.util.Map;

/** Sizes of the store; {@code eventsByType} is keyed by wire name ("purchase"). */
public record StoreCounts(long members, long items, long events, Map<String, Long> eventsByType) {

    public StoreCounts {
        eventsByType = eventsByType == null ? Map.of() : Map.copyOf(eventsByType);
    }
}
