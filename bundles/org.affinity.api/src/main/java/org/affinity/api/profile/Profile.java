package org.affinity.api.profile;

import java.time.Instant;
import java.util.Map;

/**
 * What Affinity knows about a member, derived from their behaviour and words.
 *
 * @param memberId whose profile
 * @param rfm recency, frequency, monetary scores and the named RFM segment
 * @param categoryAffinities category to affinity in [0, 1], strongest first
 * @param keywordAffinities keyword to affinity in [0, 1], strongest first
 * @param features further behaviour features (price band, cadence, returns ratio, preferred hours...)
 * @param updated when the profile last changed
 */
public record Profile(String memberId, Rfm rfm, Map<String, Double> categoryAffinities,
        Map<String, Double> keywordAffinities, Map<String, Object> features, Instant updated) {
}
