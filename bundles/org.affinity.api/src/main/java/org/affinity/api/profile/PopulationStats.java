package org.affinity.api.profile;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * The population statistics RFM scores are computed against.
 *
 * @param referenceDate the day recency is counted to
 * @param members members with at least one purchase (the RFM population)
 * @param profiles members with a profile
 * @param rfmSegments members per named RFM segment, best segment first
 * @param thresholds the quintile thresholds ("recencyDays", "frequency", "monetary") and price bands
 * @param refreshed when they were computed
 * @since 1.1
 */
public record PopulationStats(LocalDate referenceDate, long members, long profiles, Map<String, Long> rfmSegments,
        Map<String, Object> thresholds, Instant refreshed) {
}
