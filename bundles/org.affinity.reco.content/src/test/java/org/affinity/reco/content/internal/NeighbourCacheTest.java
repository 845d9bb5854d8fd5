package org.affinity.reco.content.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        NeighbourCache expiring = new NeighbourCache(100, 0);
        expiring.over(exact, "g").near("item-1", v, 10, Set.of());
        expiring.over(exact, "g").near("item-1", v, 10, Set.of());
        assertEquals(3, exact.searches.get(), "an expired list is searched again");
        ItemVectors off = new NeighbourCache(0, Long.MAX_VALUE).over(exact, "g");
        off.near("item-1", v, 10, Set.of());
        off.near("item-1", v, 10, Set.of());
        assertEquals(5, exact.searches.get(), "capacity 0 searches every time");
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
