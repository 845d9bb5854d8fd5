package org.affinity.reco.popularity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.affinity.api.event.Event;
import org.affinity.api.event.EventType;
import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommender;
import org.affinity.reco.testkit.Configs;
import org.affinity.reco.testkit.OnlineRetailSlice;
import org.affinity.store.testkit.MemoryStore;
import org.affinity.store.testkit.RecordingJobContext;
import org.junit.jupiter.api.Test;

/** popularity and trending fitted on the first half of a real Online Retail slice, as the evaluation fits them. */
class PopularityOfflineTest {

    private static final OnlineRetailSlice SLICE = OnlineRetailSlice.read(40_000);
    private static final List<Event> TRAINING = SLICE.events.subList(0, SLICE.events.size() / 2);

    private static Recommender fit(boolean trending) {
        return fit(SLICE, TRAINING, trending);
    }

    private static Recommender fit(OnlineRetailSlice slice, List<Event> training, boolean trending) {
        MemoryStore store = slice.store();
        return PopularityOffline.with(Configs.defaults(PopularityConfig.class), store, trending).fit(training, new RecordingJobContext());
    }

    private static List<String> ids(List<Recommendation> results) {
        return results.stream().map(Recommendation::itemId).toList();
    }

    @Test
    void countsOnlyTheTrainingEvents() {
        // The store holds every event; the fitted model must rank by the training half alone.
        Map<String, Long> net = TRAINING.stream().collect(Collectors.groupingBy(Event::itemId,
                Collectors.summingLong(e -> e.type() == EventType.PURCHASE ? 1 : -1)));
        List<String> expected = net.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(10).map(Map.Entry::getKey).toList();
        assertEquals(expected, ids(fit(false).recommend(new RecommendationRequest("no-such-member", null, 10, null, null, null))));
    }

    @Test
    void leavesOutWhatTheMemberBoughtInTrainingAsTheRouterDoes() {
        Map<String, Set<String>> bought = TRAINING.stream().filter(e -> e.type() == EventType.PURCHASE)
                .collect(Collectors.groupingBy(Event::memberId, Collectors.mapping(Event::itemId, Collectors.toSet())));
        Recommender popularity = fit(false);
        List<String> anonymous = ids(popularity.recommend(new RecommendationRequest(null, null, 20, null, null, null)));
        // A member of the shop's home country who bought some of the best sellers.
        String member = bought.entrySet().stream()
                .filter(e -> "United Kingdom".equals(SLICE.members.get(e.getKey()).country()))
                .filter(e -> anonymous.subList(0, 5).stream().filter(e.getValue()::contains).count() >= 2)
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        List<String> served = ids(popularity.recommend(new RecommendationRequest(member, null, 20, null, null, null)));
        assertEquals(20, served.size());
        Set<String> overlap = new HashSet<>(served);
        overlap.retainAll(bought.get(member));
        assertTrue(overlap.isEmpty(), "served bought items " + overlap);
        assertNotEquals(anonymous, served);
    }

    @Test
    void trendingFavoursTheEndOfTheTrainingPeriod() {
        // Three months of sales (Dec 2010 - Feb 2011): long enough for a 7-day half-life to matter.
        OnlineRetailSlice slice = OnlineRetailSlice.read(150_000);
        List<Event> training = slice.events;
        RecommendationRequest anyone = new RecommendationRequest(null, null, 20, null, null, null);
        List<String> popular = ids(fit(slice, training, false).recommend(anyone));
        List<String> trending = ids(fit(slice, training, true).recommend(anyone));
        assertEquals(20, trending.size());
        assertNotEquals(popular, trending);
        // Sales in the last two weeks of training: trending's picks sold clearly more of them than the all-time favourites.
        Instant end = training.get(training.size() - 1).timestamp();
        Map<String, Long> recent = training.stream().filter(e -> e.timestamp().isAfter(end.minus(Duration.ofDays(14))))
                .filter(e -> e.type() == EventType.PURCHASE).collect(Collectors.groupingBy(Event::itemId, Collectors.counting()));
        long trendingSales = trending.stream().mapToLong(id -> recent.getOrDefault(id, 0L)).sum();
        long popularSales = popular.stream().mapToLong(id -> recent.getOrDefault(id, 0L)).sum();
        assertTrue(trendingSales > 1.2 * popularSales, trendingSales + " vs " + popularSales);
    }

}
