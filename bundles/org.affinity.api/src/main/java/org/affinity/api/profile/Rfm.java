package org.affinity.api.profile;

import java.math.BigDecimal;

/**
 * Recency (days since the last purchase), frequency (orders), monetary (net spend), each also
 * scored 1-5 against the whole population, and the named segment those scores put the member in.
 */
public record Rfm(long recencyDays, long frequency, BigDecimal monetary, int r, int f, int m, String segment) {
}
