package org.affinity.reco.cf.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.affinity.api.event.Event;
import org.affinity.api.item.Item;
import org.affinity.api.recommend.Filters;
import org.affinity.api.recommend.Recommendation;
import org.affinity.reco.testkit.OnlineRetailSlice;
import org.affinity.store.testkit.MemoryStore;
import org.affinity.store.testkit.RecordingJobContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The served path (scratch arrays, blend in place, heap sorted in place, bought items struck out by
 * index, batched titles) against a plain reference on a real slice: fresh arrays, every candidate
 * sorted by score then index, one title look-up per explanation. Same items, order, scores and
 * explanations, for many members and several blends and filters.
 */
class CfScoringReferenceTest {

    static OnlineRetailSlice slice;
    static MemoryStore store;
    static CfModel model;
    static List<History> histories;

    @BeforeAll
    static void train() {
        slice = OnlineRetailSlice.read(30_000);
        store = slice.store();
        Interactions.Builder builder = new Interactions.Builder();
        slice.events.forEach(builder::add);
        model = CfModel.train(1, builder.build(), slice.events.size(), new Als.Settings(16, 5, 0.1f, 10f, 3, 42), 50, 10f,
                new RecordingJobContext());
        Map<String, List<Event>> byMember = slice.events.stream().collect(Collectors.groupingBy(Event::memberId));
        histories = byMember.keySet().stream().sorted().limit(150).map(m -> History.of(byMember.get(m))).toList();
    }

    /** The scoring as first written: every array fresh, candidates widened by the history's neighbours. */
    static float[] referenceScores(History history, float w, boolean[] candidates) {
        CfScorer scorer = new CfScorer(model);
        float[] factors = scorer.memberFactors(history);
        if (factors == null) {
            return null;
        }
        int n = model.items.length;
        int k = model.factors();
        float[] votes = new float[n];
        history.weights().forEach((item, weight) -> {
            Integer j = model.itemIndex.get(item);
            if (j != null) {
                for (int p = 0; p < model.neighbours.neighbours[j].length; p++) {
                    votes[model.neighbours.neighbours[j][p]] += weight * model.neighbours.similarity[j][p];
                }
            }
        });
        boolean[] only = candidates == null ? null : candidates.clone();
        if (only != null) {
            for (int i = 0; i < n; i++) {
                only[i] |= votes[i] > 0f;
            }
        }
        float[] preference = new float[n];
        for (int i = 0; i < n && w < 1f; i++) {
            if (only == null || only[i]) {
                float sum = 0;
                for (int a = 0; a < k; a++) {
                    sum += model.itemFactors[i * k + a] * factors[a];
                }
                preference[i] = sum;
            }
        }
        if (w <= 0f) {
            java.util.Arrays.fill(votes, 0f);
        }
        float maxP = 0;
        float maxV = 0;
        for (int i = 0; i < n; i++) {
            maxP = Math.max(maxP, preference[i]);
            maxV = Math.max(maxV, votes[i]);
        }
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            scores[i] = only != null && !only[i] ? Float.NEGATIVE_INFINITY
                    : (1 - w) * (maxP > 0 ? preference[i] / maxP : 0) + w * (maxV > 0 ? votes[i] / maxV : 0);
        }
        return scores;
    }

    static List<Recommendation> reference(History history, float w, int count, Filters filters, boolean[] candidates) {
        float[] scores = referenceScores(history, w, candidates);
        if (scores == null) {
            return List.of();
        }
        List<Integer> ranked = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            String id = model.items[i];
            if (scores[i] != Float.NEGATIVE_INFINITY && !filters.exclude().contains(id)
                    && (filters.allowRepurchase() || !history.bought().contains(id))) {
                ranked.add(i);
            }
        }
        ranked.sort(Comparator.<Integer, Float>comparing(i -> scores[i]).reversed().thenComparing(i -> i));
        List<Recommendation> result = new ArrayList<>();
        CfScorer scorer = new CfScorer(model);
        for (int i : ranked.subList(0, Math.min(500, ranked.size()))) {
            if (result.size() == count) {
                break;
            }
            if (store.item(model.items[i]).map(filters::admits).orElse(false)) {
                int because = scorer.because(history, i);
                String title = because < 0 ? null
                        : store.item(model.items[because]).map(Item::title).filter(t -> !t.isBlank()).orElse(model.items[because]);
                result.add(new Recommendation(model.items[i], scores[i],
                        because >= 0 ? "bought together with " + title : "members with your taste bought it"));
            }
        }
        return result;
    }

    @Test
    void servesExactlyWhatTheReferenceRanks() {
        Set<String> excluded = new HashSet<>(List.of(model.items[0], model.items[1], model.items[7]));
        List<Filters> filters = List.of(new Filters(null, null, null, false, null, false),
                new Filters(null, null, null, true, excluded, true),
                new Filters(null, new java.math.BigDecimal("1.00"), new java.math.BigDecimal("3.00"), false, null, false));
        StoreCatalogue catalogue = new StoreCatalogue(store);
        int compared = 0;
        int explainedByTitle = 0;
        for (float w : new float[] {0f, 0.5f, 1f}) {
            CfRecommendations served = new CfRecommendations(model, w);
            for (Filters filter : filters) {
                for (History history : histories) {
                    List<Recommendation> expected = reference(history, w, 30, filter, null);
                    assertEquals(expected, served.forMember(history, 30, filter, catalogue));
                    compared += expected.size();
                    explainedByTitle += (int) expected.stream().filter(r -> r.explanation().startsWith("bought together")).count();
                }
            }
        }
        assertTrue(compared > 10_000, compared + " results compared");
        assertTrue(explainedByTitle > 1_000, explainedByTitle + " explained by a title");
    }

    @Test
    void candidatesFromTheIndexRankLikeTheReference() {
        Random random = new Random(7);
        CfRecommendations served = new CfRecommendations(model, 0.5f);
        Filters any = new Filters(null, null, null, false, null, false);
        for (History history : histories.subList(0, 50)) {
            boolean[] only = new boolean[model.items.length];
            List<String> candidates = new ArrayList<>();
            for (int i = 0; i < only.length; i++) {
                if (random.nextInt(10) == 0) {
                    only[i] = true;
                    candidates.add(model.items[i]);
                }
            }
            assertEquals(reference(history, 0.5f, 20, any, only),
                    served.forMember(history, 20, any, new StoreCatalogue(store), candidates));
        }
    }

    @Test
    void topKMatchesAFullSortIncludingTies() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(300);
            int k = 1 + random.nextInt(60);
            float[] scores = new float[n];
            TopK top = new TopK(k);
            List<Integer> all = new ArrayList<>();
            // Few distinct values: many ties, which the smaller id wins.
            for (int i = 0; i < n; i++) {
                scores[i] = random.nextInt(8) / 4f;
                all.add(i);
            }
            java.util.Collections.shuffle(all, random);
            all.forEach(i -> top.offer(i, scores[i]));
            all.sort(Comparator.<Integer, Float>comparing(i -> scores[i]).reversed().thenComparing(i -> i));
            int[] expectedIds = all.subList(0, Math.min(k, n)).stream().mapToInt(i -> i).toArray();
            float[] expectedScores = new float[expectedIds.length];
            for (int p = 0; p < expectedIds.length; p++) {
                expectedScores[p] = scores[expectedIds[p]];
            }
            assertArrayEquals(expectedIds, top.ids());
            assertArrayEquals(expectedScores, top.scores(), "read twice, same order");
            assertArrayEquals(expectedIds, top.ids());
        }
    }
}
