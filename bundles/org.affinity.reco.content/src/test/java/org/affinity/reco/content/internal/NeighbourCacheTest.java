package org.affinity.reco.content.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.affinity.api.vector.VectorHit;
import org.affinity.api.vector.VectorQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cached neighbour lists answer exactly what a search with the exclusions answers, with fewer searches. */
class NeighbourCacheTest {

    /** Exact search over random unit vectors, counting the searches. */
    private static final class Exact implements ItemVectors {
        final Map<String, float[]> vectors = new LinkedHashMap<>();
        final AtomicInteger searches = new AtomicInteger();

        Exact(int items, long seed) {
            Random random = new Random(seed);
            for (int i = 0; i < items; i++) {
                float[] v = new float[16];
                double norm = 0;
                for (int a = 0; a < v.length; a++) {
                    v[a] = (float) random.nextGaussian();
                    norm += v[a] * v[a];
                }
                for (int a = 0; a < v.length; a++) {
                    v[a] /= (float) Math.sqrt(norm);
                }
                vectors.put("item-" + i, v);
            }
        }

        @Override
        public Optional<float[]> vector(String itemId) {
            return Optional.ofNullable(vectors.get(itemId));
        }

        @Override
        public List<VectorHit> search(VectorQuery query) {
            searches.incrementAndGet();
            List<VectorHit> hits = new ArrayList<>();
            vectors.forEach((id, v) -> {
                if (!query.exclude().contains(id)) {
                    float dot = 0;
                    for (int a = 0; a < v.length; a++) {
                        dot += v[a] * query.vector()[a];
                    }
                    hits.add(new VectorHit(id, dot, null));
                }
            });
            hits.sort(Comparator.comparingDouble((VectorHit h) -> -h.score()).thenComparing(VectorHit::id));
            return hits.subList(0, Math.min(query.k(), hits.size()));
        }
    }

    private static List<String> ids(List<VectorHit> hits) {
        return hits.stream().map(VectorHit::id).toList();
    }

    @Test
    void cachedListsAnswerAsTheSearchWithExclusionsDoes() {
        Exact exact = new Exact(500, 7);
        NeighbourCache cache = new NeighbourCache(100, Long.MAX_VALUE);
        ItemVectors cached = cache.over(exact, "model/500");
        Random random = new Random(11);
        List<String> all = new ArrayList<>(exact.vectors.keySet());
        for (int round = 0; round < 200; round++) {
            String item = all.get(random.nextInt(20)); // 20 taste items asked again and again
            Set<String> exclude = new HashSet<>(Set.of(item));
            int excluded = random.nextInt(round % 10 == 0 ? 400 : 15);
            for (int i = 0; i < excluded; i++) {
                exclude.add(all.get(random.nextInt(all.size())));
            }
            float[] v = exact.vectors.get(item);
            assertEquals(ids(exact.search(new VectorQuery(v, 30, null, exclude))), ids(cached.near(item, v, 30, exclude)),
                    "round " + round + ", " + exclude.size() + " excluded");
        }
        // 200 direct searches for the comparison, 20 lists, and a live search whenever exclusions ate a list.
        int cachedSearches = exact.searches.get() - 200;
        assertEquals(20, cache.size());
        assertEquals(true, cachedSearches < 60, cachedSearches + " searches for 200 look-ups");
    }

    @Test
    void aListEatenByExclusionsIsReplacedByALongerOneThatTheNextBigBuyerReuses() {
        Exact exact = new Exact(500, 5);
        NeighbourCache cache = new NeighbourCache(100, Long.MAX_VALUE);
        ItemVectors cached = cache.over(exact, "g");
        float[] v = exact.vectors.get("item-3");
        List<String> nearest = ids(exact.search(new VectorQuery(v, 200, null, Set.of("item-3"))));
        Set<String> bigBuyer = new HashSet<>(nearest.subList(0, 45)); // eats most of a 2 x 30 list
        int before = exact.searches.get();
        assertEquals(ids(exact.search(new VectorQuery(v, 30, null, union(bigBuyer, "item-3")))), ids(cached.near("item-3", v, 30, bigBuyer)));
        int searched = exact.searches.get() - before - 1;
        assertEquals(2, searched, "the list of 60, then one of 120");
        Set<String> anotherBigBuyer = new HashSet<>(nearest.subList(10, 60));
        assertEquals(ids(exact.search(new VectorQuery(v, 30, null, union(anotherBigBuyer, "item-3")))),
                ids(cached.near("item-3", v, 30, anotherBigBuyer)));
        assertEquals(before + searched + 2, exact.searches.get(), "the longer list answered (one search was the comparison)");
    }

    private static Set<String> union(Set<String> ids, String more) {
        Set<String> all = new HashSet<>(ids);
        all.add(more);
        return all;
    }

    @Test
    void aChangedCollectionDropsEveryList() {
        Exact exact = new Exact(100, 3);
        NeighbourCache cache = new NeighbourCache(100, Long.MAX_VALUE);
        float[] v = exact.vectors.get("item-1");
        cache.over(exact, "model/100").near("item-1", v, 10, Set.of("item-1"));
        assertEquals(1, cache.size());
        cache.over(exact, "model/100").near("item-1", v, 10, Set.of("item-1"));
        assertEquals(1, exact.searches.get(), "the second look-up is remembered");
        cache.over(exact, "model/101");
        assertEquals(0, cache.size());
        ItemVectors off = new NeighbourCache(0, Long.MAX_VALUE).over(exact, "g");
        off.near("item-1", v, 10, Set.of());
        off.near("item-1", v, 10, Set.of());
        assertEquals(3, exact.searches.get(), "capacity 0 searches every time");
    }

    @Test
    void anOldListServesRequestsUntilTheBackgroundRefreshSearchesItAgain() throws Exception {
        Exact exact = new Exact(100, 4);
        NeighbourCache expiring = new NeighbourCache(100, 0);
        float[] v = exact.vectors.get("item-1");
        ItemVectors vectors = expiring.over(exact, "g");
        vectors.near("item-1", v, 10, Set.of());
        vectors.near("item-2", exact.vectors.get("item-2"), 10, Set.of());
        vectors.near("item-1", v, 10, Set.of());
        assertEquals(2, exact.searches.get(), "a request never searches an old list again");
        assertEquals(2, expiring.refresh(exact, Pace.FULL), "the refresh searches both old lists");
        assertEquals(4, exact.searches.get());
        exact.vectors.put("item-99", v.clone());
        expiring.refresh(exact, Pace.FULL);
        assertEquals(List.of("item-99"), ids(expiring.over(exact, "g").near("item-1", v, 1, Set.of())),
                "a changed vector reaches the list through the refresh");
        assertEquals(0, new NeighbourCache(100, Long.MAX_VALUE).refresh(exact, Pace.FULL), "lists that never age are never refreshed");
    }

    @Test
    void savedListsAreTakenByTheNextCacheOfTheSameGenerationOnly(@TempDir Path folder) throws Exception {
        Exact exact = new Exact(300, 6);
        NeighbourCache stopped = new NeighbourCache(1000, Long.MAX_VALUE);
        ItemVectors before = stopped.over(exact, "model/300");
        assertEquals(300, stopped.warm(before, exact.vectors.keySet(), 20));
        Path file = folder.resolve("content").resolve("neighbours.bin");
        assertEquals(300, stopped.save(file));

        NeighbourCache started = new NeighbourCache(1000, Long.MAX_VALUE);
        assertEquals(300, started.load(file, "model/300"));
        int searches = exact.searches.get();
        ItemVectors after = started.over(exact, "model/300");
        Set<String> exclude = Set.of("item-7", "item-3", "item-150");
        for (String id : List.of("item-7", "item-42", "item-299")) {
            float[] v = exact.vectors.get(id);
            assertEquals(ids(before.near(id, v, 20, exclude)), ids(after.near(id, v, 20, exclude)), id);
        }
        assertEquals(searches, exact.searches.get(), "the read lists answer without a search");
        assertEquals(0, new NeighbourCache(1000, Long.MAX_VALUE).load(file, "model/301"), "another generation reads nothing");
        assertEquals(0, new NeighbourCache(1000, Long.MAX_VALUE).load(folder.resolve("missing.bin"), "model/300"));
        assertEquals(50, new NeighbourCache(50, Long.MAX_VALUE).load(file, "model/300"), "no more than the capacity");
        Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 5000));
        assertThrows(java.io.IOException.class, () -> new NeighbourCache(1000, Long.MAX_VALUE).load(file, "model/300"),
                "a cut file is an error, not a half-read cache");
    }

    @Test
    void aPaceRestsInProportionToTheWorkAndAStoppedPaceEndsTheWarm() {
        assertEquals(3_000_000, new Pace(0.25).restNanos(1_000_000), "a quarter share: 1 ms of work, 3 ms of rest");
        assertEquals(1_000_000, new Pace(0.5).restNanos(1_000_000));
        assertEquals(0, Pace.FULL.restNanos(1_000_000));
        assertThrows(IllegalArgumentException.class, () -> new Pace(0));
        Exact exact = new Exact(200, 8);
        AtomicInteger steps = new AtomicInteger();
        NeighbourCache cache = new NeighbourCache(1000, Long.MAX_VALUE);
        assertEquals(10, cache.warm(exact, exact.vectors.keySet(), 20, new Pace(1, () -> steps.incrementAndGet() > 10)),
                "stopped after 10 items");
        assertEquals(10, cache.size());
    }

    @Test
    void warmingRemembersTheCatalogueAheadOfRequests() {
        Exact exact = new Exact(200, 5);
        NeighbourCache cache = new NeighbourCache(1000, Long.MAX_VALUE);
        ItemVectors vectors = cache.over(exact, "g");
        assertEquals(200, cache.warm(vectors, exact.vectors.keySet(), 20));
        assertEquals(200, exact.searches.get());
        float[] v = exact.vectors.get("item-7");
        List<VectorHit> hits = vectors.near("item-7", v, 20, Set.of("item-7", "item-8"));
        assertEquals(200, exact.searches.get(), "answered from the warmed list");
        assertEquals(ids(exact.search(new VectorQuery(v, 20, null, Set.of("item-7", "item-8")))), ids(hits));
        assertEquals(50, new NeighbourCache(50, Long.MAX_VALUE).warm(exact, exact.vectors.keySet(), 20),
                "stops when the cache is full");
    }
}
