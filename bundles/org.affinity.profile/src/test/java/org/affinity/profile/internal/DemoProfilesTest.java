package org.affinity.profile.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.affinity.api.profile.PopulationStats;
import org.affinity.api.profile.Profile;
import org.affinity.api.profile.ProfileExplanation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Acceptance on the demo shop: RFM segment sizes the platform computed incrementally agree with
 * sizes computed here from the raw file, and Christmas shoppers have Christmas among their top
 * affinities. Reference date: 2011-12-10, the day after the last invoice (2011-12-09).
 */
class DemoProfilesTest {

    static DemoShop shop;
    static List<RawOnlineRetail.Line> raw;

    @BeforeAll
    static void importOnce() throws Exception {
        shop = DemoShop.get();
        raw = RawOnlineRetail.read(DemoShop.FILE);
    }

    @Test
    void theRawFileHasTheEventsTheImportStored() {
        long purchases = raw.stream().filter(l -> !l.isReturn()).count();
        long returns = raw.stream().filter(RawOnlineRetail.Line::isReturn).count();
        assertEquals(391_181, purchases);
        assertEquals(8_506, returns);
        assertEquals(purchases + returns, shop.engine.book().applied());
        long withEvents = raw.stream().map(RawOnlineRetail.Line::customer).distinct().count();
        assertEquals(4_363, withEvents, "9 of the 4,372 members only have postage or fee lines");
        assertEquals(withEvents, shop.engine.book().size(), "every demo member with events consented to profiling");
    }

    @Test
    void rfmSegmentSizesAgreeWithTheRawFile() {
        // Per customer who purchased: last purchase day, distinct purchase invoices, net spend.
        Map<String, LocalDate> last = new LinkedHashMap<>();
        Map<String, Set<String>> invoices = new LinkedHashMap<>();
        Map<String, BigDecimal> net = new LinkedHashMap<>();
        LocalDateTime latest = LocalDateTime.MIN;
        for (RawOnlineRetail.Line l : raw) {
            BigDecimal amount = l.price().multiply(BigDecimal.valueOf(l.quantity()));
            net.merge(l.customer(), l.isReturn() ? amount.negate() : amount, BigDecimal::add);
            if (!l.isReturn()) {
                last.merge(l.customer(), l.time().toLocalDate(), (a, b) -> a.isAfter(b) ? a : b);
                invoices.computeIfAbsent(l.customer(), k -> new HashSet<>()).add(l.invoice());
                latest = l.time().isAfter(latest) ? l.time() : latest;
            }
        }
        LocalDate reference = latest.toLocalDate().plusDays(1);
        assertEquals(LocalDate.of(2011, 12, 10), reference);

        List<String> customers = new ArrayList<>(last.keySet());
        List<Long> recency = customers.stream().map(c -> ChronoUnit.DAYS.between(last.get(c), reference)).toList();
        List<Long> frequency = customers.stream().map(c -> (long) invoices.get(c).size()).toList();
        List<BigDecimal> monetary = customers.stream().map(net::get).toList();
        List<Long> rq = quintiles(recency);
        List<Long> fq = quintiles(frequency);
        List<BigDecimal> mq = quintiles(monetary);
        String[][] grid = {
            {"Lost", "Hibernating", "At Risk", "Can't Lose Them", "Can't Lose Them"},
            {"Hibernating", "Hibernating", "At Risk", "At Risk", "At Risk"},
            {"About to Sleep", "About to Sleep", "Need Attention", "Loyal", "Loyal"},
            {"Promising", "Potential Loyalist", "Potential Loyalist", "Champions", "Champions"},
            {"New Customers", "Potential Loyalist", "Potential Loyalist", "Champions", "Champions"}};
        Map<String, Long> expected = new LinkedHashMap<>();
        for (int i = 0; i < customers.size(); i++) {
            int r = 5 - above(recency.get(i), rq);
            int f = 1 + above(frequency.get(i), fq);
            int m = 1 + above(monetary.get(i), mq);
            expected.merge(grid[r - 1][(f + m + 1) / 2 - 1], 1L, Long::sum);
        }

        PopulationStats stats = shop.engine.stats();
        assertEquals(reference, stats.referenceDate());
        assertEquals(customers.size(), stats.members());
        Map<String, Long> platform = new LinkedHashMap<>(stats.rfmSegments());
        platform.values().removeIf(v -> v == 0);
        System.out.println("RFM segments (reference " + reference + ", " + customers.size() + " members): " + platform);
        assertEquals(expected.keySet().stream().sorted().toList(), platform.keySet().stream().sorted().toList());
        expected.forEach((segment, size) -> assertEquals(size, platform.get(segment), segment));
        assertEquals(11, expected.size(), "the demo shop fills all eleven segments");
    }

    private static <T extends Comparable<T>> List<T> quintiles(List<T> values) {
        List<T> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        List<T> q = new ArrayList<>();
        for (int k = 1; k <= 4; k++) {
            q.add(sorted.get((int) Math.ceil(k * sorted.size() / 5.0) - 1));
        }
        return q;
    }

    private static <T extends Comparable<T>> int above(T value, List<T> thresholds) {
        return (int) thresholds.stream().filter(t -> value.compareTo(t) > 0).count();
    }

    @Test
    void christmasShoppersHaveChristmasAmongTheirTopAffinities() {
        // Customers for whom at least a quarter of their (at least 20) purchase lines were Christmas items (70 in the demo).
        Map<String, int[]> lines = new LinkedHashMap<>();
        for (RawOnlineRetail.Line l : raw) {
            if (!l.isReturn()) {
                int[] counts = lines.computeIfAbsent(l.customer(), k -> new int[2]);
                counts[0]++;
                if (l.description().toUpperCase().contains("CHRISTMAS")) {
                    counts[1]++;
                }
            }
        }
        List<String> christmasShoppers = lines.entrySet().stream()
                .filter(e -> e.getValue()[0] >= 20 && e.getValue()[1] * 4 >= e.getValue()[0]).map(Map.Entry::getKey).toList();
        assertTrue(christmasShoppers.size() >= 20, "the demo has Christmas shoppers: " + christmasShoppers.size());
        List<String> missing = new ArrayList<>();
        int topThree = 0;
        for (String member : christmasShoppers) {
            Profile profile = shop.engine.profile(member).orElseThrow();
            List<String> top = profile.keywordAffinities().keySet().stream().limit(10).toList();
            if (!top.contains("christmas")) {
                missing.add(member + " " + top);
            }
            topThree += top.indexOf("christmas") >= 0 && top.indexOf("christmas") < 3 ? 1 : 0;
        }
        assertTrue(missing.isEmpty(), "christmas not in the top 10 affinities of " + missing);
        // Recency decay lets newer interests overtake: a shopper whose Christmas buying was long ago may rank it lower.
        assertTrue(topThree >= christmasShoppers.size() * 9 / 10, topThree + " of " + christmasShoppers.size() + " in the top 3");

        String heaviest = christmasShoppers.stream()
                .max((a, b) -> Double.compare((double) lines.get(a)[1] / lines.get(a)[0], (double) lines.get(b)[1] / lines.get(b)[0]))
                .orElseThrow();
        ProfileExplanation why = shop.engine.explain(heaviest).orElseThrow();
        assertEquals("christmas", why.terms().get(0).key(), why.toString());
        assertTrue(why.items().stream().anyMatch(i -> i.label().toLowerCase().contains("christmas")), why.toString());
        assertTrue(why.summary().contains("christmas"), why.summary());
    }

    @Test
    void profilesCarryTheBehaviourFeatures() {
        Profile profile = shop.engine.profile("12347").orElseThrow();
        Map<String, Object> f = profile.features();
        assertEquals("Iceland", f.get("country"));
        assertEquals("is", f.get("language"));
        assertEquals(7, f.get("orders"));
        assertEquals(0, f.get("returns"));
        assertTrue(((Number) f.get("cadenceDays")).doubleValue() > 30, f.toString());
        assertFalse(((List<?>) f.get("preferredHours")).isEmpty());
        assertTrue(List.of("budget", "mid", "premium").contains(f.get("priceBand")));
        assertEquals(new BigDecimal("4310.0000"), profile.rfm().monetary());
        assertEquals(3, profile.rfm().recencyDays(), "last invoice 2011-12-07, reference 2011-12-10");
        assertEquals("Champions", profile.rfm().segment());
    }
}
