package org.affinity.reco.popularity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.recommend.Filters;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.store.Store;
import org.affinity.reco.testkit.Configs;
import org.affinity.reco.testkit.OnlineRetailSlice;
import org.affinity.store.testkit.MemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Popularity on the first 40,000 lines of Online Retail (real members, countries and purchases). */
class PopularityStrategyTest {

    private static final OnlineRetailSlice SLICE = OnlineRetailSlice.read(40_000);

    private MemoryStore store;
    private PopularityIndex index;

    @BeforeEach
    void count() {
        store = SLICE.store();
        index = new PopularityIndex(store, Configs.defaults(PopularityConfig.class));
        store.listen(index);
        index.recount(null);
    }

    @AfterEach
    void stop() {
        index.deactivate();
    }

    /** Purchases minus returns per item among members of a country (null: everyone). */
    private static List<String> expectedTop(String country, int n) {
        Map<String, Long> net = SLICE.events.stream()
                .filter(e -> country == null || country.equals(SLICE.members.get(e.memberId()).country()))
                .collect(Collectors.groupingBy(Event::itemId,
                        Collectors.summingLong(e -> e.type() == EventType.PURCHASE ? 1 : -1)));
        return net.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(n).map(Map.Entry::getKey).toList();
    }

    private static List<String> ids(List<Recommendation> results) {
        return results.stream().map(Recommendation::itemId).toList();
    }

    @Test
    void ranksTheShopsBestSellersForAnonymousRequests() {
        List<Recommendation> results = new PopularStrategy(index).recommend(new RecommendationRequest(null, null, 10, null, null, null));
        assertEquals(expectedTop(null, 10), ids(results));
        assertEquals("popular in the shop", results.get(0).explanation());
    }

    @Test
    void aMemberInFranceGetsWhatSellsInFrance() {
        String french = SLICE.members.values().stream().filter(m -> "France".equals(m.country())).findFirst().orElseThrow().id();
        List<Recommendation> results = new PopularStrategy(index).recommend(RecommendationRequest.forMember(french, 10));
        assertEquals(expectedTop("France", 10), ids(results));
        assertNotEquals(expectedTop(null, 10), ids(results));
        assertEquals("popular in France", results.get(0).explanation());
    }

    @Test
    void aSmallCountryIsToppedUpFromTheShop() {
        String french = SLICE.members.values().stream().filter(m -> "France".equals(m.country())).findFirst().orElseThrow().id();
        int inFrance = index.model().country("France", false, 1).size();
        List<Recommendation> results = new PopularStrategy(index).recommend(RecommendationRequest.forMember(french, inFrance + 10));
        assertEquals(inFrance + 10, results.size());
        assertEquals(expectedTop("France", inFrance), ids(results).subList(0, inFrance));
        assertEquals("popular in the shop", results.get(inFrance).explanation());
        assertEquals(inFrance + 10, ids(results).stream().distinct().count());
    }

    @Test
    void honoursPriceRangeAndExclusions() {
        List<String> top = expectedTop(null, 3);
        Filters filters = new Filters(null, new BigDecimal("1.00"), new BigDecimal("2.00"), true, Set.of(top.get(0)), false);
        List<Recommendation> results = new PopularStrategy(index)
                .recommend(new RecommendationRequest(null, null, 20, filters, null, null));
        assertEquals(20, results.size());
        for (Recommendation result : results) {
            BigDecimal price = SLICE.items.get(result.itemId()).price();
            assertTrue(price.compareTo(BigDecimal.ONE) >= 0 && price.compareTo(new BigDecimal("2.00")) <= 0, result + " " + price);
            assertNotEquals(top.get(0), result.itemId());
        }
    }

    @Test
    void trendingFavoursRecentSalesAndFollowsNewEvents() {
        Instant newest = SLICE.events.stream().map(Event::timestamp).max(Comparator.naturalOrder()).orElseThrow();
        String oldHit = expectedTop(null, 1).get(0);
        TrendingStrategy trending = new TrendingStrategy(index);
        String quiet = SLICE.items.keySet().stream().filter(id -> !expectedTop(null, 200).contains(id)).findFirst().orElseThrow();
        // Twenty members buy a quiet item a month after the newest sale: it trends, the all-time hit stays first.
        List<Event> burst = new ArrayList<>();
        List<String> buyers = SLICE.members.keySet().stream().limit(20).toList();
        for (String buyer : buyers) {
            burst.add(new Event("burst-" + buyer, EventType.PURCHASE, buyer, quiet, 1, BigDecimal.ONE, null,
                    newest.plus(30, ChronoUnit.DAYS), null));
        }
        store.append(burst);
        assertEquals(quiet, trending.recommend(RecommendationRequest.forItem("none", 1)).get(0).itemId());
        assertEquals("trending in the shop", trending.recommend(RecommendationRequest.forItem("none", 1)).get(0).explanation());
        assertEquals(oldHit, new PopularStrategy(index).recommend(RecommendationRequest.forItem("none", 1)).get(0).itemId());
    }

    @Test
    void erasureForgetsTheMemberAndRecountsWithoutTheirPurchases() {
        String french = SLICE.members.values().stream().filter(m -> "France".equals(m.country())).findFirst().orElseThrow().id();
        assertTrue(index.model().holdsMember(french));
        store.erase(french);
        assertFalse(index.model().holdsMember(french));
        index.recount(null);
        assertFalse(index.model().holdsMember(french));
        long expected = SLICE.events.stream().filter(e -> !e.memberId().equals(french) && e.type() == EventType.PURCHASE).count()
                - SLICE.events.stream().filter(e -> !e.memberId().equals(french) && e.type() == EventType.RETURN).count();
        Ranking all = index.model().shop(false);
        double total = 0;
        for (double score : all.scores()) {
            total += score;
        }
        // Items whose returns outweigh purchases drop out of the ranking, so the sum is at least the net count.
        assertTrue(total >= expected, total + " vs " + expected);
    }

    /** The store, counting how often every event is scanned (the slow part of a start). */
    private Store counting(AtomicInteger scans) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (proxy, method, args) -> {
            if (method.getName().equals("scanEvents")) {
                scans.incrementAndGet();
            }
            return method.invoke(store, args);
        });
    }

    private static List<String> served(PopularityIndex index, String member) {
        return ids(new PopularStrategy(index).recommend(member == null ? new RecommendationRequest(null, null, 10, null, null, null)
                : RecommendationRequest.forMember(member, 10)));
    }

    @Test
    void aRestartServesTheCountsTheStopSavedWithoutScanningEveryEvent(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("counts.bin");
        String french = SLICE.members.values().stream().filter(m -> "France".equals(m.country())).findFirst().orElseThrow().id();
        PopularityIndex first = new PopularityIndex(store, Configs.defaults(PopularityConfig.class), file);
        first.recount(null);
        List<String> shop = served(first, null);
        List<String> france = served(first, french);
        first.deactivate();
        assertTrue(Files.size(file) > 0, "saved at the stop");

        AtomicInteger scans = new AtomicInteger();
        PopularityIndex second = new PopularityIndex(counting(scans), Configs.defaults(PopularityConfig.class), file);
        try {
            long until = System.nanoTime() + 20_000_000_000L;
            while (second.model().shop(false).size() == 0 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertEquals(shop, served(second, null));
            assertEquals(france, served(second, french), "countries' counts and members' countries are back too");
            assertEquals(0, scans.get(), "served from the saved counts, the events are counted again only a minute later");
        } finally {
            second.deactivate();
        }

        // Other weights make the saved counts meaningless: counted afresh.
        PopularityIndex other = new PopularityIndex(counting(scans),
                Configs.of(PopularityConfig.class, Map.of("weights", new String[] {"purchase=1"})), file);
        try {
            long until = System.nanoTime() + 20_000_000_000L;
            while (scans.get() == 0 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertEquals(1, scans.get(), "saved under other weights: not used");
        } finally {
            other.deactivate();
        }
    }
}
