package org.affinity.reco.content.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.item.Item;
import org.affinity.api.member.Consent;
import org.affinity.api.member.Member;
import org.affinity.api.recommend.Filters;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.vector.VectorEntry;
import org.affinity.reco.testkit.Configs;
import org.affinity.store.testkit.MemoryStore;
import org.affinity.vector.lucene.internal.LuceneVectorIndex;
import org.affinity.vector.lucene.internal.Tuning;
import org.affinity.vector.testkit.GoldenEmbeddings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content strategy over a real "items" collection: the 300 Online Retail descriptions of
 * ../shared/golden with their all-MiniLM-L6-v2 embeddings, in the Lucene vector index.
 */
class ContentStrategyTest {

    @TempDir
    Path data;
    LuceneVectorIndex index;
    MemoryStore store;
    ContentStrategy strategy;
    final Map<String, String> idByTitle = new HashMap<>();

    @BeforeEach
    void setUp() {
        index = new LuceneVectorIndex(data, Tuning.defaults());
        store = new MemoryStore();
        List<Item> items = new ArrayList<>();
        List<VectorEntry> vectors = new ArrayList<>();
        for (GoldenEmbeddings.Text text : GoldenEmbeddings.load()) {
            if (text.source().equals("retail") && !idByTitle.containsKey(text.text())) {
                String id = "g" + text.id();
                idByTitle.put(text.text(), id);
                items.add(new Item(id, text.text(), "", List.of(text.id() % 2 == 0 ? "Home/Even" : "Gifts/Odd"),
                        new java.math.BigDecimal(1 + text.id() % 10), "GBP", Map.of(), true, null));
                vectors.add(new VectorEntry(id, text.embedding(), Map.of()));
            }
        }
        store.putItems(items);
        index.open(ContentStrategy.ITEMS, GoldenEmbeddings.MODEL, GoldenEmbeddings.DIMENSION).upsertAll(vectors);
        store.putMember(Member.of("m1", Map.of(), Consent.NONE));
        strategy = new ContentStrategy(Configs.of(ContentConfig.class, Map.of("popularityPrior", 0.0)), store, index);
        store.listen(strategy);
    }

    @AfterEach
    void tearDown() {
        strategy.deactivate();
        index.close();
    }

    @Test
    void oneViewIsEnoughAndTheResultsAreLikeIt() {
        view("m1", "JASMINE VOTIVE CANDLE", 1);
        List<Recommendation> top = strategy.recommend(RecommendationRequest.forMember("m1", 5));
        assertEquals(5, top.size());
        long candles = top.stream().filter(r -> title(r).contains("CANDLE")).count();
        assertTrue(candles >= 3, titles(top).toString());
        assertEquals("similar to JASMINE VOTIVE CANDLE you viewed", top.get(0).explanation());
        assertFalse(titles(top).contains("JASMINE VOTIVE CANDLE"), "not the item itself");
    }

    @Test
    void aMemberWithTwoInterestsGetsBothAndNotWhatTheyBought() {
        buy("m1", "JASMINE VOTIVE CANDLE", 1);
        buy("m1", "RED RETROSPOT PICNIC BAG", 2);
        List<Recommendation> top = strategy.recommend(RecommendationRequest.forMember("m1", 10));
        List<String> titles = titles(top);
        assertTrue(titles.stream().anyMatch(t -> t.contains("CANDLE")), titles.toString());
        assertTrue(titles.stream().anyMatch(t -> t.contains("BAG")), titles.toString());
        assertFalse(titles.contains("JASMINE VOTIVE CANDLE"));
        assertFalse(titles.contains("RED RETROSPOT PICNIC BAG"));
        assertTrue(top.stream().anyMatch(r -> r.explanation().equals("similar to RED RETROSPOT PICNIC BAG you bought")),
                top.toString());
    }

    @Test
    void filtersAndItemToItem() {
        view("m1", "HEART T-LIGHT HOLDER", 1);
        Filters filters = new Filters(Set.of("Home"), null, new java.math.BigDecimal("5"), true, null, false);
        List<Recommendation> top = strategy.recommend(new RecommendationRequest("m1", null, 5, filters, null, "content"));
        assertFalse(top.isEmpty());
        for (Recommendation r : top) {
            Item item = store.item(r.itemId()).orElseThrow();
            assertTrue(item.categories().get(0).startsWith("Home/") && item.price().intValue() <= 5, item.toString());
        }
        List<Recommendation> similar = strategy.recommend(RecommendationRequest.forItem(idByTitle.get("ZINC  HEART T-LIGHT HOLDER"), 3));
        assertEquals(3, similar.size());
        assertTrue(titles(similar).stream().anyMatch(t -> t.contains("T-LIGHT") || t.contains("HEART")), titles(similar).toString());
        assertEquals("similar to ZINC  HEART T-LIGHT HOLDER", similar.get(0).explanation());
    }

    @Test
    void aProfileVectorServesAMemberWithoutItemEventsAndErasureForgetsTheMember() {
        assertEquals(List.of(), strategy.recommend(RecommendationRequest.forMember("m1", 5)), "nothing known yet");
        float[] bagLover = index.existing(ContentStrategy.ITEMS).orElseThrow().get(idByTitle.get("RED RETROSPOT PICNIC BAG"))
                .orElseThrow().vector();
        index.open(ContentStrategy.MEMBERS, GoldenEmbeddings.MODEL, GoldenEmbeddings.DIMENSION)
                .upsert(new VectorEntry("m1", bagLover, Map.of()));
        List<Recommendation> top = strategy.recommend(RecommendationRequest.forMember("m1", 3));
        assertEquals(3, top.size());
        assertEquals("matches the interests in your profile", top.get(0).explanation());

        view("m2", "JASMINE VOTIVE CANDLE", 1);
        assertFalse(strategy.recommend(RecommendationRequest.forMember("m2", 3)).isEmpty());
        assertTrue(strategy.remembers("m2"), "a served member's taste is remembered");
        store.erase("m2");
        assertFalse(strategy.remembers("m2"), "erasure drops the remembered taste");
        assertEquals(List.of(), strategy.recommend(RecommendationRequest.forMember("m2", 3)));
    }

    @Test
    void withoutAnItemsCollectionItAnswersNothingSoTheRouterFallsBack() {
        index.drop(ContentStrategy.ITEMS);
        view("m1", "JASMINE VOTIVE CANDLE", 1);
        assertEquals(List.of(), strategy.recommend(RecommendationRequest.forMember("m1", 5)));
    }

    @Test
    void thePopularityPriorPrefersWhatMembersBuyAmongSimilarItems() throws Exception {
        view("m1", "JASMINE VOTIVE CANDLE", 1);
        List<Recommendation> byText = strategy.recommend(RecommendationRequest.forMember("m1", 5));
        String fifth = title(byText.get(4));
        for (int i = 0; i < 20; i++) {
            buy("buyer" + i, fifth, 2);
        }
        ContentStrategy withPrior = new ContentStrategy(Configs.of(ContentConfig.class, Map.of("popularityPrior", 1.0)), store, index);
        List<Recommendation> withPopularity = withPrior.recommend(RecommendationRequest.forMember("m1", 5));
        for (int wait = 0; wait < 100 && !title(withPopularity.get(0)).equals(fifth); wait++) {
            Thread.sleep(100); // the purchases are counted in the background
            withPopularity = withPrior.recommend(RecommendationRequest.forMember("m1", 5));
        }
        assertEquals(fifth, title(withPopularity.get(0)), titles(withPopularity).toString());
        assertEquals(titles(byText).subList(0, 4), titles(strategy.recommend(RecommendationRequest.forMember("m1", 5))).subList(0, 4),
                "without the prior, other members' purchases do not move the ranking");
        withPrior.deactivate();
    }

    @Test
    void withATrendWhatSellsNowBeatsWhatSoldMoreLongAgo() {
        view("m1", "JASMINE VOTIVE CANDLE", 1);
        List<String> byText = titles(strategy.recommend(RecommendationRequest.forMember("m1", 10)));
        String faded = byText.get(3);
        String rising = byText.get(4);
        for (int i = 0; i < 20; i++) {
            buy("before" + i, faded, 2);
        }
        for (int i = 0; i < 3; i++) {
            buy("now" + i, rising, 60 * 24 * 60 + i); // two months later
        }
        ContentStrategy allTime = new ContentStrategy(Configs.of(ContentConfig.class,
                Map.of("popularityPrior", 1.0, "trendHalfLifeDays", 0.0)), store, index);
        ContentStrategy trending = new ContentStrategy(Configs.of(ContentConfig.class,
                Map.of("popularityPrior", 1.0, "trendHalfLifeDays", 7.0)), store, index);
        allTime.recount();
        trending.recount();
        List<String> byAllTime = titles(allTime.recommend(RecommendationRequest.forMember("m1", 10)));
        List<String> byTrend = titles(trending.recommend(RecommendationRequest.forMember("m1", 10)));
        assertEquals(faded, byAllTime.get(0), "20 purchases in all: " + byAllTime);
        assertEquals(rising, byTrend.get(0), "3 purchases in the last days: " + byTrend);
        assertTrue(byTrend.indexOf(faded) > byTrend.indexOf(rising), byTrend.toString());
        allTime.deactivate();
        trending.deactivate();
    }

    @Test
    void anErasedMembersPurchasesLeaveTheTrendingCountsAtTheNextCount() {
        ContentStrategy trending = new ContentStrategy(Configs.of(ContentConfig.class,
                Map.of("popularityPrior", 1.0, "trendHalfLifeDays", 7.0)), store, index);
        String candle = idByTitle.get("JASMINE VOTIVE CANDLE");
        for (int i = 0; i < 4; i++) {
            buy("buyer" + i, "JASMINE VOTIVE CANDLE", 60 * 24 * 7 * i); // one a week: the latest counts 1, a week before 1/2...
        }
        buy("gone", "JASMINE VOTIVE CANDLE", 60 * 24 * 7 * 3);
        trending.recount();
        assertEquals(2 + 0.5 + 0.25 + 0.125, trending.purchases.count(candle), 1e-9);
        store.erase("gone");
        trending.recount();
        assertEquals(1 + 0.5 + 0.25 + 0.125, trending.purchases.count(candle), 1e-9, "the erased member's purchase left");
        trending.deactivate();
    }

    @Test
    void aCatalogueLargerThanTheCacheKeepsTheBestSellersLists() throws Exception {
        List<String> bestSellers = List.of("BUNNY EGG GARLAND", "SPACEBOY TV DINNER TRAY", "HOME SWEET HOME HANGING HEART");
        for (String title : bestSellers) {
            for (int i = 0; i < 3; i++) {
                buy("buyer" + i, title, 1);
            }
        }
        ContentStrategy small = new ContentStrategy(Configs.of(ContentConfig.class, Map.of("neighbourCacheItems", 3)), store, index);
        try {
            assertTrue(idByTitle.size() > 50, "the catalogue is much larger than the cache");
            small.recommend(RecommendationRequest.forMember("m1", 5)); // no taste of its own: fills the lists in the background
            for (int wait = 0; wait < 100 && small.rememberedLists() < 3; wait++) {
                Thread.sleep(100);
            }
            for (String title : bestSellers) {
                assertTrue(small.remembersListOf(idByTitle.get(title)), title);
            }
        } finally {
            small.deactivate();
        }
    }

    private void view(String member, String title, int minute) {
        event(member, title, EventType.VIEW, minute);
    }

    private void buy(String member, String title, int minute) {
        event(member, title, EventType.PURCHASE, minute);
    }

    private void event(String member, String title, EventType type, int minute) {
        String id = idByTitle.get(title);
        assertTrue(id != null, title);
        store.append(List.of(new Event(member + "-" + id + "-" + type, type, member, id, 1, null, null,
                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60L * minute), null)));
    }

    private String title(Recommendation r) {
        return store.item(r.itemId()).orElseThrow().title().toUpperCase(Locale.ROOT);
    }

    private List<String> titles(List<Recommendation> recommendations) {
        return recommendations.stream().map(this::title).collect(Collectors.toList());
    }
}
