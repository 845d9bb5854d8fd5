package org.affinity.reco.hybrid.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.affinity.api.recommend.Recommendation;
import org.affinity.api.recommend.RecommendationRequest;
import org.affinity.api.recommend.Recommender;
import org.affinity.reco.testkit.Configs;
import org.affinity.reco.testkit.OnlineRetailSlice;
import org.junit.jupiter.api.Test;

/**
 * A request whose strategies' asks would queue behind other work on hybrid's pool takes them back
 * and asks them itself: it answers while every pool thread is still busy, with what asking the
 * strategies one after another gives.
 */
class HybridUnderLoadTest {

    private static final OnlineRetailSlice SLICE = OnlineRetailSlice.read(5_000);

    @Test
    void aRequestIsNotQueuedBehindAPoolBusyWithOtherWork() throws Exception {
        Map<String, Object> config = Map.of("mode", "weighted", "weights", new String[] {"cf=1", "content=1", "trending=1"},
                "mmrLambda", 1.0);
        HybridStrategy hybrid = new HybridStrategy(Configs.of(HybridConfig.class, config));
        List<String> ids = new ArrayList<>(SLICE.items.keySet()).subList(0, 60);
        Set<Thread> askedOn = ConcurrentHashMap.newKeySet();
        Map<String, Recommender> strategies = new LinkedHashMap<>();
        for (int s = 0; s < 3; s++) {
            List<String> order = new ArrayList<>(ids.subList(s * 10, s * 10 + 40));
            strategies.put(List.of("cf", "content", "trending").get(s), request -> {
                askedOn.add(Thread.currentThread());
                List<Recommendation> out = new ArrayList<>();
                for (int i = 0; i < Math.min(request.count(), order.size()); i++) {
                    out.add(new Recommendation(order.get(i), order.size() - i, "#" + i));
                }
                return out;
            });
        }
        List<Map.Entry<Map<String, Object>, Recommender>> bound = new ArrayList<>();
        strategies.forEach((name, r) -> bound.add(Map.entry(Map.of(Recommender.STRATEGY, name), r)));
        hybrid.strategies = bound;

        // Other requests' work holds every pool thread.
        int threads = ((ThreadPoolExecutor) hybrid.calls).getMaximumPoolSize();
        CountDownLatch busy = new CountDownLatch(threads);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < threads; i++) {
            hybrid.calls.execute(() -> {
                busy.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertTrue(busy.await(20, TimeUnit.SECONDS));

        ExecutorService requester = Executors.newSingleThreadExecutor();
        try {
            RecommendationRequest request = RecommendationRequest.forMember("17850", 10);
            Thread[] requestThread = new Thread[1];
            Future<List<Recommendation>> answer = requester.submit(() -> {
                requestThread[0] = Thread.currentThread();
                return hybrid.recommend(request);
            });
            // Queued behind the busy pool, the request would wait for the release below, which comes after.
            List<Recommendation> got = answer.get(20, TimeUnit.SECONDS);
            assertEquals(Set.of(requestThread[0]), askedOn, "every strategy asked on the request's own thread");
            assertEquals(new Blend(Configs.of(HybridConfig.class, config)).recommend(request, strategies, member -> Integer.MAX_VALUE, null), got,
                    "the same answer as asking one after another");
            assertEquals(10, got.size());
        } finally {
            release.countDown();
            requester.shutdownNow();
            hybrid.deactivate();
        }
    }
}
