package org.affinity.reco.content.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.affinity.api.event.Event;
import org.affinity.reco.testkit.OnlineRetailSlice;
import org.junit.jupiter.api.Test;

/** The borrowed candidate table against a map and a full sort, on the real item ids of the Online Retail slice. */
class CandidatesTest {

    private static final List<String> ITEMS = new ArrayList<>(new LinkedHashSet<>(
            PurchaseCountsTest.SLICE.events.stream().map(Event::itemId).toList()));

    /** What the table replaced: a map of sums and the closest entry, ranked by score, then id. */
    private static final class Expected {
        double score;
        int closest = -1;
        float similarity;
    }

    private ItemNumbers shared;

    @Test
    void sumsAndRanksLikeAMapAndASortTiesIncludedAcrossGrowthAndReuse() {
        Random random = new Random(17);
        assertTrue(ITEMS.size() > 2000, "the slice has thousands of items: the table must grow past its first size");
        for (int round = 0; round < 30; round++) {
            Map<String, Expected> expected = new HashMap<>();
            int distinct = 1 + random.nextInt(round % 3 == 0 ? ITEMS.size() : 300);
            // a fresh numbering every few rounds: borrowed arrays are reused across numberings
            ItemNumbers numbers = round % 4 == 0 || shared == null ? new ItemNumbers() : shared;
            shared = numbers;
            try (Candidates candidates = Candidates.borrow(numbers)) {
                assertEquals(0, candidates.size(), "borrowed candidates are empty");
                for (int i = 0; i < distinct * 3; i++) {
                    String id = ITEMS.get(random.nextInt(distinct));
                    // coarse amounts, so equal sums (ties) are common
                    double amount = random.nextInt(4) * 0.25;
                    int entry = random.nextInt(40);
                    float similarity = random.nextInt(5) / 4f;
                    candidates.add(numbers.number(id), amount, entry, similarity);
                    Expected e = expected.computeIfAbsent(id, x -> new Expected());
                    e.score += amount;
                    if (e.closest < 0 || similarity > e.similarity) {
                        e.closest = entry;
                        e.similarity = similarity;
                    }
                }
                if (round % 2 == 0) {
                    candidates.scale(number -> numbers.id(number).length() % 2 == 0 ? 2 : 1);
                    expected.forEach((id, e) -> e.score *= id.length() % 2 == 0 ? 2 : 1);
                }
                List<String> order = new ArrayList<>(expected.keySet());
                order.sort(Comparator.<String>comparingDouble(id -> -expected.get(id).score).thenComparing(id -> id));
                assertEquals(expected.size(), candidates.size());
                candidates.rank();
                for (String id : order) {
                    assertTrue(candidates.hasNext());
                    int number = candidates.next();
                    assertEquals(id, candidates.id(number), "round " + round);
                    assertEquals(expected.get(id).score, candidates.score(number), 1e-12);
                    assertEquals(expected.get(id).closest, candidates.closest(number), id);
                }
                assertFalse(candidates.hasNext());
            }
        }
    }

    @Test
    void plainAddsNameNoClosestEntry() {
        try (Candidates candidates = Candidates.borrow(new ItemNumbers())) {
            candidates.add("85123A", 0.5);
            candidates.add("85123A", 0.25);
            candidates.rank();
            int number = candidates.next();
            assertEquals(0.75, candidates.score(number));
            assertEquals(-1, candidates.closest(number));
        }
    }

    @Test
    void plainAddsOfIdsNumberedOnTheWayGrowTheArraysAndSumLikeAMap() {
        ItemNumbers numbers = new ItemNumbers();
        Map<String, Double> expected = new HashMap<>();
        try (Candidates candidates = Candidates.borrow(numbers)) {
            // ids numbered on the way, more than any borrowed arrays held before: they grow mid-request,
            // as when a search's hits are numbered for the first time in forProfile
            for (int i = 0; i < 60_000; i++) {
                String id = i % 3 == 0 ? ITEMS.get(i % ITEMS.size()) : "not yet numbered " + (i % 40_000);
                candidates.add(id, 0.5);
                expected.merge(id, 0.5, Double::sum);
            }
            candidates.rank();
            int seen = 0;
            while (candidates.hasNext()) {
                int number = candidates.next();
                assertEquals(expected.get(candidates.id(number)), candidates.score(number), 1e-12);
                seen++;
            }
            assertEquals(expected.size(), seen);
        }
    }

    @Test
    void excludedIdsStayExcludedEvenWhenTheyAreNumberedOnlyLaterInTheRequest() {
        ItemNumbers numbers = new ItemNumbers();
        int known = numbers.number("85123A");
        int other = numbers.number("71053");
        try (Candidates candidates = Candidates.borrow(numbers)) {
            candidates.exclude(List.of(Set.of("85123A"), Set.of("84406B", "no such item")));
            assertTrue(candidates.excluded(known));
            assertFalse(candidates.excluded(other));
            // a list searched during the request numbers an excluded id for the first time
            int late = numbers.number("84406B");
            int lateOther = numbers.number("22423");
            assertTrue(candidates.excluded(late), "numbered after the marking, still excluded");
            assertFalse(candidates.excluded(lateOther));
        }
        try (Candidates next = Candidates.borrow(numbers)) {
            assertFalse(next.excluded(known), "given back clean");
            assertFalse(next.excluded(numbers.find("84406B")), "given back clean");
        }
    }

    @Test
    void priorsByNumberAreThePurchaseCountsPriorForEveryItem() {
        PurchaseCounts counts = new PurchaseCounts(java.time.Duration.ofDays(7));
        counts.add(PurchaseCountsTest.SLICE.events);
        ItemNumbers numbers = new ItemNumbers();
        Priors priors = new Priors(numbers, counts, 0.8);
        java.util.function.ToDoubleFunction<String> expected = counts.prior(0.8);
        for (int pass = 0; pass < 2; pass++) {
            for (String id : ITEMS) {
                assertEquals(expected.applyAsDouble(id), priors.applyAsDouble(numbers.number(id)), 1e-12, id);
            }
        }
        assertTrue(priors.fits(numbers, counts, 0.8));
        assertFalse(priors.fits(numbers, counts, 0.5));
        assertFalse(priors.fits(new ItemNumbers(), counts, 0.8));
    }
}
