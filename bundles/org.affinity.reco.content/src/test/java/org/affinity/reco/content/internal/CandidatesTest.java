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

    @Test
    void sumsAndRanksLikeAMapAndASortTiesIncludedAcrossGrowthAndReuse() {
        Random random = new Random(17);
        assertTrue(ITEMS.size() > 2000, "the slice has thousands of items: the table must grow past its first size");
        for (int round = 0; round < 30; round++) {
            Map<String, Expected> expected = new HashMap<>();
            int distinct = 1 + random.nextInt(round % 3 == 0 ? ITEMS.size() : 300);
            try (Candidates candidates = Candidates.borrow()) {
                assertEquals(0, candidates.size(), "a borrowed table is empty");
                for (int i = 0; i < distinct * 3; i++) {
                    // new String: ids equal but not identical also find their slot
                    String id = new String(ITEMS.get(random.nextInt(distinct)));
                    // coarse amounts, so equal sums (ties) are common
                    double amount = random.nextInt(4) * 0.25;
                    int entry = random.nextInt(40);
                    float similarity = random.nextInt(5) / 4f;
                    candidates.add(id, amount, entry, similarity);
                    Expected e = expected.computeIfAbsent(id, x -> new Expected());
                    e.score += amount;
                    if (e.closest < 0 || similarity > e.similarity) {
                        e.closest = entry;
                        e.similarity = similarity;
                    }
                }
                if (round % 2 == 0) {
                    candidates.scale(id -> id.length() % 2 == 0 ? 2 : 1);
                    expected.forEach((id, e) -> e.score *= id.length() % 2 == 0 ? 2 : 1);
                }
                List<String> order = new ArrayList<>(expected.keySet());
                order.sort(Comparator.<String>comparingDouble(id -> -expected.get(id).score).thenComparing(id -> id));
                assertEquals(expected.size(), candidates.size());
                candidates.rank();
                for (String id : order) {
                    assertTrue(candidates.hasNext());
                    int slot = candidates.next();
                    assertEquals(id, candidates.id(slot), "round " + round);
                    assertEquals(expected.get(id).score, candidates.score(slot), 1e-12);
                    assertEquals(expected.get(id).closest, candidates.closest(slot), id);
                }
                assertFalse(candidates.hasNext());
            }
        }
    }

    @Test
    void plainAddsNameNoClosestEntry() {
        try (Candidates candidates = Candidates.borrow()) {
            candidates.add("85123A", 0.5);
            candidates.add("85123A", 0.25);
            candidates.rank();
            int slot = candidates.next();
            assertEquals(0.75, candidates.score(slot));
            assertEquals(-1, candidates.closest(slot));
        }
    }

    @Test
    void anyOfIsTheUnionOfItsSetsEachIdOnce() {
        Set<String> a = Set.of("1", "2", "3");
        Set<String> b = new HashSet<>(List.of("3", "4"));
        AnyOf union = new AnyOf(List.of(a, Set.of(), b));
        assertTrue(union.contains("4") && union.contains("1"));
        assertFalse(union.contains("5"));
        assertEquals(Set.of("1", "2", "3", "4"), Set.copyOf(union));
        assertEquals(4, union.size());
        assertTrue(new AnyOf(List.of(Set.of(), Set.of())).isEmpty());
    }
}
