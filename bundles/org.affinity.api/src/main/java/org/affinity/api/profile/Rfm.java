package org.affinity.api.profile;

import java.math.BigDecimal;
import java.util.List;

/**
 * Recency (days since the last purchase), frequency (orders), monetary (net spend), each also
 * scored 1-5 against the whole population, and the named segment those scores put the member in.
 */
public record Rfm(long recencyDays, long frequency, BigDecimal monetary, int r, int f, int m, String segment) {

    /**
     * The named RFM segments, best first.
     *
     * @since 1.1
     */
    public static final List<String> SEGMENTS = List.of("Champions", "Loyal", "Potential Loyalist", "New Customers",
            "Promising", "Need Attention", "About to Sleep", "At Risk", "Can't Lose Them", "Hibernating", "Lost");
}
