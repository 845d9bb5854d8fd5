package org.affinity.reco.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.item.Item;
import org.affinity.api.recommend.ArmReport;
import org.affinity.api.recommend.Experiment;
import org.affinity.api.recommend.Filters;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.RecommendationResult;
import org.affinity.api.recommend.Recommender;
import org.affinity.api.recommend.Route;
import org.affinity.api.recommend.Routing;
import org.affinity.api.recommend.UpliftReport;
import org.affinity.reco.testkit.Configs;
import org.affinity.reco.testkit.OnlineRetailSlice;
import org.affinity.store.testkit.MemoryStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Routing, fallback, filtering and the uplift report on a real Online Retail slice. */
class RecommendationsServiceTest {

    private static final OnlineRetailSlice SLICE = OnlineRetailSlice.read(30_000);
    private static final List<String> CATALOGUE = new ArrayList<>(SLICE.items.keySet());
    /** A member with many purchases. */
    private static final String BUYER = SLICE.events.stream().collect(Collectors.groupingBy(Event::memberId, Collectors.counting()))
            .entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();

    private MemoryStore store;
    private RecommendationsService service;
    private long serviceIds = 1;

    /** A strategy that proposes the catalogue in file order, each explained by its name. */
    private static Recommender catalogue(String name) {
        return request -> CATALOGUE.stream().limit(request.count())
                .map(id -> new Recommendation(id, 1, name + " likes " + id)).toList();
    }

    @BeforeEach
    void start() {
        store = SLICE.store();
        service = new RecommendationsService(store, Configs.of(RecoConfig.class, Map.of("defaultStrategy", "cf")));
        store.listen(service);
    }

    private void register(String name, Recommender recommender) {
        service.addStrategy(recommender, Map.of(Recommender.STRATEGY, name, "service.id", serviceIds++));
    }

    private static Set<String> bought(List<Event> events) {
        Map<String, Integer> kept = new HashMap<>();
        for (Event event : events) {
            kept.merge(event.itemId(), event.type() == EventType.PURCHASE ? event.quantity() : -event.quantity(), Integer::sum);
        }
        return kept.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    @Test
    void servesTheDefaultStrategyWithoutWhatTheMemberBought() {
        register("cf", catalogue("cf"));
        register("popularity", catalogue("popularity"));
        RecommendationResult result = service.recommend(RecommendationRequest.forMember(BUYER, 10));
        assertEquals("cf", result.strategy());
        assertEquals("default", result.arm());
        assertEquals(10, result.items().size());
        Set<String> bought = bought(store.events(BUYER));
        assertTrue(bought.size() > 10, "the member bought " + bought.size());
        result.items().forEach(r -> assertFalse(bought.contains(r.itemId()), r.itemId() + " was bought"));
        assertEquals("cf likes " + result.items().get(0).itemId(), result.items().get(0).explanation());
        assertEquals(Map.of("recommendation", result.id(), "arm", "default", "strategy", "cf"), result.attribution());
    }

    @Test
    void aNewPurchaseIsExcludedAtOnceAndAnErasureDropsWhatWasCached() {
        register("cf", catalogue("cf"));
        String first = service.recommend(RecommendationRequest.forMember(BUYER, 10)).items().get(0).itemId();
        assertTrue(service.holdsPurchasesOf(BUYER));
        store.append(List.of(new Event("new-purchase", EventType.PURCHASE, BUYER, first, 1, BigDecimal.ONE, null, Instant.now(), null)));
        assertFalse(service.recommend(RecommendationRequest.forMember(BUYER, 10)).items().stream()
                .anyMatch(r -> r.itemId().equals(first)), "bought just now");
        store.erase(BUYER);
        assertFalse(service.holdsPurchasesOf(BUYER));
    }

    @Test
    void aStrategyIsAskedForMoreWhenFilteringLeavesTooFew() {
        register("cf", catalogue("cf"));
        BigDecimal ten = new BigDecimal("10");
        long dearAmongFirst30 = CATALOGUE.stream().limit(30).filter(id -> SLICE.items.get(id).price().compareTo(ten) >= 0).count();
        assertTrue(dearAmongFirst30 < 10, dearAmongFirst30 + " of the first 30 cost 10 or more");
        Filters dear = new Filters(null, ten, null, true, null, false);
        RecommendationResult result = service.recommend(new RecommendationRequest(BUYER, null, 10, dear, null, null));
        assertEquals("cf", result.strategy());
        assertEquals(10, result.items().size());
        assertEquals(List.of(), result.fallbacks());
        result.items().forEach(r -> assertTrue(SLICE.items.get(r.itemId()).price().compareTo(ten) >= 0));
    }

    @Test
    void missingFailingAndShortStrategiesFallBackToPopularity() {
        register("popularity", catalogue("popularity"));
        RecommendationResult missing = service.recommend(RecommendationRequest.forMember(BUYER, 5));
        assertEquals("popularity", missing.strategy());
        assertEquals(List.of("cf: not present", "content: not present"), missing.fallbacks());

        register("cf", request -> {
            throw new NoClassDefFoundError("org/affinity/reco/cf/internal/Model (bundle uninstalled)");
        });
        RecommendationResult failed = service.recommend(RecommendationRequest.forMember(BUYER, 5));
        assertEquals("popularity", failed.strategy());
        assertEquals(5, failed.items().size());
        assertTrue(failed.fallbacks().get(0).startsWith("cf: failed: java.lang.NoClassDefFoundError"), failed.fallbacks().toString());

        register("content", request -> List.of(new Recommendation(CATALOGUE.get(CATALOGUE.size() - 1), 0.9, "similar to what you viewed")));
        RecommendationResult shortOne = service.recommend(RecommendationRequest.forMember("no-history", 5).withStrategy("content"));
        assertEquals("content", shortOne.strategy());
        assertEquals("request", shortOne.arm());
        assertEquals(5, shortOne.items().size());
        assertEquals("similar to what you viewed", shortOne.items().get(0).explanation());
        assertEquals("popularity likes " + shortOne.items().get(1).itemId(), shortOne.items().get(1).explanation());
    }

    @Test
    void whilePopularityIsAwayItsRememberedBestSellersFillTheList() {
        Recommender popularity = catalogue("popularity");
        Map<String, Object> properties = Map.of(Recommender.STRATEGY, "popularity", "service.id", serviceIds++);
        service.addStrategy(popularity, properties);
        register("cf", request -> List.of());
        RecommendationResult present = service.recommend(RecommendationRequest.forMember(BUYER, 10));
        assertEquals(10, present.items().size());

        // Its bundle stopped (or being updated): the same list, from what the router remembered of it.
        service.removeStrategy(popularity, properties);
        RecommendationResult away = service.recommend(RecommendationRequest.forMember(BUYER, 10));
        assertEquals(present.items().stream().map(Recommendation::itemId).toList(), away.items().stream().map(Recommendation::itemId).toList());
        assertTrue(away.fallbacks().contains("popularity: not present, 10 items from its remembered best sellers"), away.fallbacks().toString());
        Set<String> bought = bought(store.events(BUYER));
        away.items().forEach(r -> assertFalse(bought.contains(r.itemId()), r.itemId() + " was bought"));
    }

    @Test
    void whilePopularityIsThereButFailingItsRememberedBestSellersFillTheList() {
        Recommender catalogue = catalogue("popularity");
        java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();
        Recommender popularity = request -> {
            if (failing.get()) {
                throw new IllegalStateException("popularity is stopping"); // as while its bundle is updated
            }
            return catalogue.recommend(request);
        };
        register("popularity", popularity);
        register("cf", request -> List.of());
        RecommendationResult present = service.recommend(RecommendationRequest.forMember(BUYER, 10));
        assertEquals(10, present.items().size());

        failing.set(true);
        RecommendationResult failed = service.recommend(RecommendationRequest.forMember(BUYER, 10));
        assertEquals(present.items().stream().map(Recommendation::itemId).toList(), failed.items().stream().map(Recommendation::itemId).toList());
        assertTrue(failed.fallbacks().contains("popularity: 10 items from its remembered best sellers"), failed.fallbacks().toString());
    }

    @Test
    void nothingPresentStillAnswersEmpty() {
        RecommendationResult result = service.recommend(RecommendationRequest.forMember(BUYER, 5));
        assertTrue(result.items().isEmpty());
        assertEquals(3, result.fallbacks().size());
    }

    @Test
    void filtersApplyToEveryStrategysProposals() {
        register("cf", catalogue("cf"));
        Filters filters = new Filters(null, new BigDecimal("2.00"), new BigDecimal("5.00"), true, Set.of(CATALOGUE.get(0)), false);
        RecommendationResult result = service.recommend(new RecommendationRequest(BUYER, null, 15, filters, null, null));
        assertEquals(15, result.items().size());
        for (Recommendation r : result.items()) {
            BigDecimal price = SLICE.items.get(r.itemId()).price();
            assertTrue(price.compareTo(new BigDecimal("2.00")) >= 0 && price.compareTo(new BigDecimal("5.00")) <= 0);
        }
        assertFalse(result.items().stream().anyMatch(r -> r.itemId().equals(CATALOGUE.get(0))));
    }

    @Test
    void itemToItemNeverReturnsTheAnchor() {
        register("cf", catalogue("cf"));
        RecommendationResult result = service.recommend(RecommendationRequest.forItem(CATALOGUE.get(0), 5));
        assertEquals(5, result.items().size());
        assertFalse(result.items().stream().anyMatch(r -> r.itemId().equals(CATALOGUE.get(0))));
    }

    @Test
    void consumablesMayBeBoughtAgain() {
        register("cf", catalogue("cf"));
        String first = CATALOGUE.stream().filter(bought(store.events(BUYER))::contains).findFirst().orElseThrow();
        Item item = SLICE.items.get(first);
        store.putItems(List.of(new Item(item.id(), item.title(), "", List.of(), item.price(), "GBP", Map.of("consumable", true),
                true, null)));
        List<String> ids = service.recommend(RecommendationRequest.forMember(BUYER, 40)).items().stream()
                .map(Recommendation::itemId).toList();
        assertTrue(ids.contains(first), "the consumable " + first + " is offered again");
        Set<String> bought = bought(store.events(BUYER));
        assertEquals(1, ids.stream().filter(bought::contains).count());
    }

    @Test
    void abSplitIsDeterministicAndNearTheWeights() {
        register("cf", catalogue("cf"));
        register("hybrid", catalogue("hybrid"));
        service.configure(service.routing().withExperiment(new Experiment("home-2026", Map.of("hybrid", 50, "cf", 50), "cf", null)));
        Map<String, Integer> perArm = new HashMap<>();
        for (String member : SLICE.members.keySet()) {
            RecommendationResult result = service.recommend(RecommendationRequest.forMember(member, 3));
            assertEquals(result.arm(), service.recommend(RecommendationRequest.forMember(member, 3)).arm());
            assertEquals("ab:" + result.strategy(), result.arm());
            perArm.merge(result.strategy(), 1, Integer::sum);
        }
        double share = perArm.get("hybrid") / (double) SLICE.members.size();
        assertTrue(share > 0.45 && share < 0.55, "hybrid share " + share + " of " + SLICE.members.size());
    }

    @Test
    void routesWinOverTheExperimentAndTheDefault() {
        register("content", catalogue("content"));
        register("cf", catalogue("cf"));
        service.configure(new Routing("cf", List.of(new Route("country:France", "content")),
                new Experiment("x", Map.of("cf", 1), null, null), List.of()));
        String french = SLICE.members.values().stream().filter(m -> "France".equals(m.country())).findFirst().orElseThrow().id();
        RecommendationResult result = service.recommend(RecommendationRequest.forMember(french, 3));
        assertEquals("content", result.strategy());
        assertEquals("route:country:France", result.arm());
        assertEquals("ab:cf", service.recommend(RecommendationRequest.forMember(BUYER, 3)).arm());
        assertEquals("default", service.recommend(RecommendationRequest.forItem(CATALOGUE.get(0), 3)).arm());
    }

    @Test
    void invalidRoutingIsRefusedNamingTheField() {
        Routing current = service.routing();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> service.configure(current.withRoutes(
                List.of(new Route("planet:Mars", "cf"))))).getMessage().startsWith("routes:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> service.configure(current.withExperiment(
                new Experiment("e", Map.of("cf", 0), null, null)))).getMessage().startsWith("experiment.arms:"));
        assertEquals(current, service.routing());
    }

    @Test
    void upliftComparesArmsOnTheStoresEvents() {
        register("cf", catalogue("cf"));
        register("hybrid", catalogue("hybrid"));
        Instant start = SLICE.events.get(0).timestamp();
        Experiment experiment = new Experiment("aa", Map.of("cf", 50, "hybrid", 50), "cf", start);
        service.configure(service.routing().withExperiment(experiment));
        RecommendationResult served = service.recommend(RecommendationRequest.forMember(BUYER, 3));
        // The shop reports a purchase of a recommended item with the response's attribution.
        store.append(List.of(new Event("attributed-1", EventType.PURCHASE, BUYER, served.items().get(0).itemId(), 2,
                new BigDecimal("3.50"), null, Instant.now(), Map.copyOf(served.attribution()))));

        UpliftReport report = service.uplift();
        assertEquals("cf", report.arms().get(0).arm());
        long active = SLICE.events.stream().map(Event::memberId).distinct().count();
        assertEquals(active, report.arms().stream().mapToLong(ArmReport::members).sum());
        BigDecimal revenue = SLICE.events.stream().map(Event::amount).reduce(BigDecimal.ZERO, BigDecimal::add).add(new BigDecimal("7.00"));
        assertEquals(0, revenue.compareTo(report.arms().stream().map(ArmReport::revenue).reduce(BigDecimal.ZERO, BigDecimal::add)));
        ArmReport buyerArm = report.arms().stream().filter(a -> a.arm().equals(served.strategy())).findFirst().orElseThrow();
        assertEquals(1, buyerArm.attributedPurchases());
        assertEquals(0, new BigDecimal("7.00").compareTo(buyerArm.attributedRevenue()));
        assertEquals(1, buyerArm.served());
        assertEquals(0.0, report.arms().get(0).uplift());
        // Arms differ only by the hash here (an A/A test): revenue per member stays within noise.
        assertTrue(Math.abs(report.arms().get(1).uplift()) < 0.5, "A/A uplift " + report.arms().get(1).uplift());
    }

    @Test
    void aHangingStrategyCostsItsTimeoutAndIsThenSkippedUntilItReturns() throws Exception {
        service = new RecommendationsService(store, Configs.of(RecoConfig.class,
                Map.of("defaultStrategy", "cf", "strategyTimeoutMillis", 100L, "abandonedCallLimit", 2)));
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        register("popularity", catalogue("popularity"));
        register("cf", request -> {
            calls.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted", e);
            }
            return catalogue("cf").recommend(request);
        });
        // A generous bound only to turn a hang into a failure; the timeout itself is 100 ms.
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> {
            for (int i = 0; i < 2; i++) {
                RecommendationResult late = service.recommend(RecommendationRequest.forMember(BUYER, 5));
                assertEquals("popularity", late.strategy());
                assertEquals(5, late.items().size());
                assertEquals("cf: timed out after 100 ms", late.fallbacks().get(0), late.fallbacks().toString());
            }
            assertEquals(2, service.abandonedCalls("cf"));
            RecommendationResult skipped = service.recommend(RecommendationRequest.forMember(BUYER, 5));
            assertEquals("popularity", skipped.strategy());
            assertTrue(skipped.fallbacks().get(0).startsWith("cf: skipped: 2 earlier calls still running"), skipped.fallbacks().toString());
            assertEquals(2, calls.get(), "a skipped strategy is not called");
        });
        release.countDown();
        for (int i = 0; i < 500 && service.abandonedCalls("cf") > 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(0, service.abandonedCalls("cf"));
        RecommendationResult back = service.recommend(RecommendationRequest.forMember(BUYER, 5));
        assertEquals("cf", back.strategy());
        assertEquals(List.of(), back.fallbacks());
        service.deactivate();
    }

    @Test
    void segmentRoutesFollowTheMembersSegments() {
        register("content", catalogue("content"));
        register("cf", catalogue("cf"));
        String other = SLICE.members.keySet().stream().filter(id -> !id.equals(BUYER)).findFirst().orElseThrow();
        Map<String, Set<String>> membership = Map.of(BUYER, Set.of("champions", "uk"));
        service.segments = new org.affinity.api.segment.Segments() {
            @Override
            public List<org.affinity.api.segment.Segment> list() {
                return List.of();
            }

            @Override
            public java.util.Optional<org.affinity.api.segment.Segment> get(String id) {
                return java.util.Optional.empty();
            }

            @Override
            public org.affinity.api.segment.Segment define(String id, String name, org.affinity.api.segment.Segment.Kind kind,
                    String definition) {
                throw new IllegalStateException("not used by the router");
            }

            @Override
            public boolean remove(String id) {
                return false;
            }

            @Override
            public List<String> members(String id, int offset, int limit) {
                return List.of();
            }

            @Override
            public Set<String> segmentsOf(String memberId) {
                return membership.getOrDefault(memberId, Set.of());
            }
        };
        service.configure(new Routing("cf", List.of(new Route("segment:champions", "content")), null, List.of()));
        RecommendationResult champion = service.recommend(RecommendationRequest.forMember(BUYER, 3));
        assertEquals("content", champion.strategy());
        assertEquals("route:segment:champions", champion.arm());
        RecommendationResult notAChampion = service.recommend(RecommendationRequest.forMember(other, 3));
        assertEquals("cf", notAChampion.strategy());
        assertEquals("default", notAChampion.arm());
        service.segments = null;
        assertEquals("default", service.recommend(RecommendationRequest.forMember(BUYER, 3)).arm(), "no segments service: no match");
    }
}
