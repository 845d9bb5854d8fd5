package org.affinity.reco.content.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RecentlyUsedTest {

    @Test
    void overflowDropsTheLeastRecentlyUsedAndNeverTheOnesJustRead() throws InterruptedException {
        RecentlyUsed<String, Integer> map = new RecentlyUsed<>(80);
        for (int i = 0; i < 80; i++) {
            map.put("item" + i, i);
        }
        Thread.sleep(2);
        for (int i = 0; i < 10; i++) {
            assertEquals(i, map.get("item" + i), "read: now the most recent");
        }
        map.put("item80", 80);
        assertTrue(map.size() <= 80, "at most the capacity: " + map.size());
        assertTrue(map.size() >= 70, "an eighth or so goes at once, not all: " + map.size());
        for (int i = 0; i < 10; i++) {
            assertNotNull(map.get("item" + i), "recently read item" + i + " stays");
        }
        assertNotNull(map.get("item80"), "the newcomer stays");
        assertNull(map.get("item10"), "the least recently used goes first");
    }

    @Test
    void putUnlessKeepsWhatThePredicateKeeps() {
        RecentlyUsed<String, Integer> map = new RecentlyUsed<>(10);
        map.putUnless("a", 1, there -> there >= 1);
        map.putUnless("a", 0, there -> there >= 0);
        assertEquals(1, map.get("a"));
        map.putUnless("a", 5, there -> there >= 5);
        assertEquals(5, map.get("a"));
    }

    @Test
    void concurrentReadersAndWritersStayWithinCapacity() throws Exception {
        RecentlyUsed<Integer, Integer> map = new RecentlyUsed<>(500);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int offset = t;
            work.add(threads.submit(() -> {
                for (int i = 0; i < 20_000; i++) {
                    int key = (i * 31 + offset) % 3000;
                    Integer value = map.get(key);
                    if (value == null) {
                        map.put(key, key);
                    } else {
                        assertEquals(key, value);
                    }
                }
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        threads.shutdown();
        // between a put and its trim another put may land: a few over at most, never unbounded
        assertTrue(map.size() <= 500 + 4, "size " + map.size());
    }
}
