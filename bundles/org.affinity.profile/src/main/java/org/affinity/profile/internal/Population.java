package org.affinity.profile.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.function.Function;

import org.affinity.api.profile.Rfm;

/**
 * Population statistics, immutable, replaced as a whole when refreshed (reads never wait for a
 * refresh): the RFM reference date, the quintile thresholds of recency, frequency and monetary
 * value, and the terciles of members' mean unit price (price bands).
 *
 * <p>Scores: with the values of the n members who purchased sorted ascending, q(k) is the value
 * at rank ceil(k x n / 5) (nearest rank), k = 1..4. F and M score 1 + the number of thresholds
 * the value exceeds; R scores 5 minus the number of recency thresholds the member's recency
 * (days since the last purchase) exceeds, so the most recent fifth scores 5. Ties share a score.
 */
record Population(LocalDate reference, ZoneId zone, long[] recency, long[] frequency, long[] monetary, double[] priceBands,
        int size, Instant refreshed) {

    static Population empty(ZoneId zone) {
        return new Population(null, zone, null, null, null, null, 0, Instant.now());
    }

    /**
     * Computes the statistics of the given states. {@code reference} null means the day after the
     * latest purchase among them.
     */
    static Population of(Collection<MemberState> states, LocalDate reference, ZoneId zone) {
        int n = 0;
        long[] lastPurchase = new long[states.size()];
        long[] frequency = new long[states.size()];
        long[] monetary = new long[states.size()];
        double[] prices = new double[states.size()];
        int priced = 0;
        long latest = Long.MIN_VALUE;
        for (MemberState state : states) {
            synchronized (state) {
                if (!state.purchased()) {
                    continue;
                }
                lastPurchase[n] = state.lastPurchase;
                frequency[n] = state.orders();
                monetary[n] = state.net();
                double price = state.meanUnitPrice();
                if (!Double.isNaN(price)) {
                    prices[priced++] = price;
                }
                latest = Math.max(latest, state.lastPurchase);
                n++;
            }
        }
        if (n == 0) {
            return new Population(reference, zone, null, null, null, null, 0, Instant.now());
        }
        LocalDate ref = reference != null ? reference : date(latest, zone).plusDays(1);
        long[] recency = new long[n];
        for (int i = 0; i < n; i++) {
            recency[i] = days(lastPurchase[i], ref, zone);
        }
        double[] sortedPrices = Arrays.copyOf(prices, priced);
        Arrays.sort(sortedPrices);
        double[] bands = priced == 0 ? null
                : new double[] {sortedPrices[rank(1, 3, priced)], sortedPrices[rank(2, 3, priced)]};
        return new Population(ref, zone, quintiles(recency, n), quintiles(frequency, n), quintiles(monetary, n), bands, n,
                Instant.now());
    }

    private static long[] quintiles(long[] values, int n) {
        long[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        long[] thresholds = new long[4];
        for (int k = 1; k <= 4; k++) {
            thresholds[k - 1] = sorted[rank(k, 5, n)];
        }
        return thresholds;
    }

    /** Index of the nearest-rank k/parts quantile among n sorted values. */
    static int rank(int k, int parts, int n) {
        return Math.max(0, (int) Math.ceil((double) k * n / parts) - 1);
    }

    static LocalDate date(long millis, ZoneId zone) {
        return Instant.ofEpochMilli(millis).atZone(zone).toLocalDate();
    }

    /** Whole days from the calendar date of {@code millis} to {@code reference}, never negative. */
    static long days(long millis, LocalDate reference, ZoneId zone) {
        return Math.max(0, ChronoUnit.DAYS.between(date(millis, zone), reference));
    }

    static int above(long value, long[] thresholds) {
        int count = 0;
        for (long threshold : thresholds) {
            if (value > threshold) {
                count++;
            }
        }
        return count;
    }

    boolean ready() {
        return recency != null;
    }

    /** The member's RFM, or null when they never purchased. Scores are 0 until the first refresh. */
    Rfm rfm(MemberState state) {
        if (!state.purchased()) {
            return null;
        }
        long frequencyValue = state.orders();
        BigDecimal monetaryValue = state.monetary();
        if (!ready()) {
            return new Rfm(-1, frequencyValue, monetaryValue, 0, 0, 0, null);
        }
        long recencyDays = days(state.lastPurchase, reference, zone);
        int r = 5 - above(recencyDays, recency);
        int f = 1 + above(frequencyValue, frequency);
        int m = 1 + above(state.net(), monetary);
        return new Rfm(recencyDays, frequencyValue, monetaryValue, r, f, m, RfmGrid.segment(r, f, m));
    }

    /** "budget", "mid" or "premium" by the member's mean unit price, or null. */
    String priceBand(MemberState state) {
        double price = state.meanUnitPrice();
        if (priceBands == null || Double.isNaN(price)) {
            return null;
        }
        return price <= priceBands[0] ? "budget" : price <= priceBands[1] ? "mid" : "premium";
    }

    /** Thresholds for people: "r": [..], "f": [..], "m": [..] (money in currency units). */
    java.util.Map<String, Object> describe() {
        java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("reference", reference == null ? null : reference.toString());
        map.put("members", size);
        map.put("refreshed", refreshed.toString());
        if (ready()) {
            map.put("recencyDays", Arrays.stream(recency).boxed().toList());
            map.put("frequency", Arrays.stream(frequency).boxed().toList());
            Function<Long, BigDecimal> money = v -> BigDecimal.valueOf(v, 4).stripTrailingZeros();
            map.put("monetary", Arrays.stream(monetary).boxed().map(money).toList());
        }
        if (priceBands != null) {
            map.put("priceBands", Arrays.stream(priceBands).boxed().toList());
        }
        return map;
    }
}
