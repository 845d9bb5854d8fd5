package org.affinity.reco.hybrid.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.affinity.api.event.Event;
import org.affinity.api.item.Item;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommender;
import org.affinity.reco.testkit.Configs;
import org.affinity.reco.testkit.OnlineRetailSlice;
import org.affinity.store.testkit.MemoryStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hybrid over strategies built from a real Online Retail slice: best sellers and the most expensive items. */
class HybridStrategyTest {

    private static final OnlineRetailSlice SLICE = OnlineRetailSlice.read(30_000);
    private static final List<String> BEST_SELLERS = SLICE.events.stream()
            .collect(Collectors.groupingBy(Event::itemId, Collectors.counting())).entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
            .map(Map.Entry::getKey).filter(SLICE.items::containsKey).toList();

    private MemoryStore store;

    @BeforeEach
    void start() {
        store = SLICE.store();
    }

    private static Recommender ranked(String name, List<String> ids) {
        return request -> {
            List<Recommendation> out = new ArrayList<>();
            for (int i = 0; i < Math.min(request.count(), ids.size()); i++) {
                out.add(new Recommendation(ids.get(i), ids.size() - i, name + " #" + (i + 1)));
            }
            return out;
        };
    }

    private HybridStrategy hybrid(Map<String, Object> config, Map<String, Recommender> strategies) {
        HybridStrategy hybrid = new HybridStrategy(Configs.of(HybridConfig.class, config));
        hybrid.store = store;
        List<Map.Entry<Map<String, Object>, Recommender>> bound = new ArrayList<>();
        strategies.forEach((name, r) -> bound.add(Map.entry(Map.of(Recommender.STRATEGY, name), r)));
        hybrid.strategies = bound;
        return hybrid;
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static List<String> ids(List<Recommendation> results) {
        return results.stream().map(Recommendation::itemId).toList();
    }

    /** Each strategy waits for the other to have started: only calls made side by side both answer. */
    @Test
    void asksTheStrategiesSideBySide() {
        java.util.concurrent.CountDownLatch bothStarted = new java.util.concurrent.CountDownLatch(2);
        java.util.function.Function<List<String>, Recommender> meeting = ids -> request -> {
            bothStarted.countDown();
            try {
                if (!bothStarted.await(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    return List.of();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
            return ranked("x", ids).recommend(request);
        };
        HybridStrategy hybrid = hybrid(Map.of("mode", "weighted", "weights", new String[] {"cf=1", "content=1"}, "mmrLambda", 1.0),
                Map.of("cf", meeting.apply(BEST_SELLERS.subList(0, 10)), "content", meeting.apply(BEST_SELLERS.subList(10, 20))));
        List<String> got = ids(hybrid.recommend(RecommendationRequest.forMember("17850", 20)));
        assertEquals(20, got.size(), "both strategies answered: " + got);
        assertTrue(got.containsAll(BEST_SELLERS.subList(0, 20)));
        hybrid.deactivate();
    }

    @Test
    void reciprocalRankFusionPrefersWhatSeveralStrategiesAgreeOn() {
        List<String> a = BEST_SELLERS.subList(0, 30);
        List<String> b = new ArrayList<>(BEST_SELLERS.subList(30, 60));
        b.add(1, a.get(5)); // the 6th best seller is also b's second choice
        HybridStrategy hybrid = hybrid(Map.of("mode", "rrf", "weights", new String[] {"cf=1", "content=1"}, "mmrLambda", 1.0),
                Map.of("cf", ranked("cf", a), "content", ranked("content", b)));
        List<Recommendation> results = hybrid.recommend(RecommendationRequest.forMember("x", 10));
        assertEquals(a.get(5), results.get(0).itemId());
        assertEquals("content #2", results.get(0).explanation(), "explained by the strongest contributor");
        assertEquals(10, results.size());
    }

    @Test
    void keepsAnsweringWhenAStrategyFailsOrDisappears() {
        Map<String, Recommender> strategies = new HashMap<>();
        strategies.put("cf", request -> {
            throw new IllegalStateException("bundle stopped");
        });
        strategies.put("popularity", ranked("popularity", BEST_SELLERS));
        HybridStrategy hybrid = hybrid(Map.of("weights", new String[] {"cf=1", "popularity=0.2"}, "mmrLambda", 1.0), strategies);
        assertEquals(BEST_SELLERS.subList(0, 5), ids(hybrid.recommend(RecommendationRequest.forMember("x", 5))));
        hybrid.strategies = List.of();
        assertTrue(hybrid.recommend(RecommendationRequest.forMember("x", 5)).isEmpty());
    }

    @Test
    void switchingServesColdMembersFromTheColdList() {
        String warm = SLICE.events.stream().collect(Collectors.groupingBy(Event::memberId, Collectors.counting())).entrySet().stream()
                .filter(e -> e.getValue() >= 5).findFirst().orElseThrow().getKey();
        HybridStrategy hybrid = hybrid(Map.of("mode", "switching", "mmrLambda", 1.0),
                Map.of("cf", ranked("cf", BEST_SELLERS), "content", ranked("content", reversed(BEST_SELLERS))));
        assertEquals("cf #1", hybrid.recommend(RecommendationRequest.forMember(warm, 3)).get(0).explanation());
        assertEquals("content #1", hybrid.recommend(RecommendationRequest.forMember("new-member", 3)).get(0).explanation());
    }

    @Test
    void weightedModeNormalisesScales() {
        List<String> a = BEST_SELLERS.subList(0, 20);
        HybridStrategy hybrid = hybrid(Map.of("mode", "weighted", "weights", new String[] {"cf=1", "content=3"}, "mmrLambda", 1.0),
                Map.of("cf", ranked("cf", a), "content", ranked("content", reversed(a))));
        assertEquals(a.get(19), hybrid.recommend(RecommendationRequest.forMember("x", 1)).get(0).itemId());
    }

    /** Mean Jaccard likeness of titles between two results. */
    private double crowding(List<Recommendation> results) {
        int pairs = 0;
        double sum = 0;
        for (int i = 0; i < results.size(); i++) {
            for (int j = i + 1; j < results.size(); j++) {
                double like = Diversifier.jaccard(Diversifier.features(SLICE.items.get(results.get(i).itemId())),
                        Diversifier.features(SLICE.items.get(results.get(j).itemId())));
                sum += like;
                pairs++;
            }
        }
        return sum / pairs;
    }

    @Test
    void mmrSpreadsLookAlikeTitles() {
        // Real best sellers with "bag" in the title first: a list of near-duplicates.
        List<String> bags = new ArrayList<>(BEST_SELLERS.stream().filter(id -> SLICE.items.get(id).title().contains("BAG")).limit(15).toList());
        BEST_SELLERS.stream().filter(id -> !bags.contains(id)).limit(30).forEach(bags::add);
        List<Recommendation> plain = hybrid(Map.of("mmrLambda", 1.0), Map.of("cf", ranked("cf", bags)))
                .recommend(RecommendationRequest.forMember("x", 10));
        List<Recommendation> diverse = hybrid(Map.of("mmrLambda", 0.5), Map.of("cf", ranked("cf", bags)))
                .recommend(RecommendationRequest.forMember("x", 10));
        assertEquals(bags.get(0), diverse.get(0).itemId(), "the most relevant item stays first");
        assertTrue(crowding(diverse) < crowding(plain) * 0.7, crowding(diverse) + " vs " + crowding(plain));
        assertEquals(10, plain.stream().filter(r -> SLICE.items.get(r.itemId()).title().contains("BAG")).count());
        System.out.println("mean title likeness of 10 results: " + crowding(plain) + " fused, " + crowding(diverse) + " with MMR 0.5");
    }

    @Test
    void capsItemsPerCategoryUnlessTheRequestAsksForOne() {
        List<Item> tagged = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Item item = SLICE.items.get(BEST_SELLERS.get(i));
            tagged.add(new Item(item.id(), item.title(), "", List.of(i < 15 ? "Home/Candles" : "Garden"), item.price(), "GBP",
                    null, true, null));
        }
        store.putItems(tagged);
        HybridStrategy hybrid = hybrid(Map.of("mmrLambda", 1.0, "maxPerCategory", 3), Map.of("cf", ranked("cf", BEST_SELLERS.subList(0, 20))));
        List<Recommendation> results = hybrid.recommend(RecommendationRequest.forMember("x", 6));
        assertEquals(List.of(BEST_SELLERS.get(0), BEST_SELLERS.get(1), BEST_SELLERS.get(2), BEST_SELLERS.get(15),
                BEST_SELLERS.get(16), BEST_SELLERS.get(17)), ids(results));
        assertEquals(BEST_SELLERS.subList(0, 6), ids(hybrid.recommend(RecommendationRequest.forItem(BEST_SELLERS.get(30), 6))));
    }
}
