package org.affinity.store.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

class RowCacheTest {

    @Test
    void evictsTheLeastRecentlyUsedByWeight() {
        RowCache<List<String>> cache = new RowCache<>(5, List::size);
        cache.offer("a", List.of("1", "2"), cache.stamp());
        cache.offer("b", List.of("1", "2"), cache.stamp());
        cache.get("a");
        cache.offer("c", List.of("1", "2"), cache.stamp());
        assertNull(cache.get("b"), "least recently used");
        assertEquals(2, cache.get("a").size());
        assertEquals(2, cache.get("c").size());
        cache.offer("huge", List.of("1", "2", "3", "4", "5", "6"), cache.stamp());
        assertNull(cache.get("huge"), "heavier than the whole cache: not kept, nothing evicted for it");
        assertEquals(2, cache.size());
    }

    @Test
    void refusesRowsReadWhileAWriteWasUnderWay() {
        RowCache<String> cache = new RowCache<>(10, row -> 1);
        long stamp = cache.stamp();
        cache.changed(List.of("a"));
        cache.offer("a", "old", stamp);
        assertNull(cache.get("a"));
        long during = cache.stamp();
        cache.changed(List.of("a")); // the write ends
        cache.offer("a", "maybe old", during);
        assertNull(cache.get("a"));
        cache.offer("a", "new", cache.stamp());
        assertEquals("new", cache.get("a"));
        cache.changed(List.of("a"));
        assertNull(cache.get("a"), "a write drops the row");
    }

    @Test
    void sizeZeroKeepsNothing() {
        RowCache<String> cache = new RowCache<>(0, row -> 1);
        cache.offer("a", "row", cache.stamp());
        assertNull(cache.get("a"));
    }

    @Test
    void rowsReadSinceTheEvictionLastPassedOutliveRowsNotRead() {
        RowCache<String> cache = new RowCache<>(100, row -> 1);
        for (int i = 0; i < 100; i++) {
            cache.offer("row" + i, "v" + i, cache.stamp());
        }
        for (int i = 0; i < 100; i += 2) {
            cache.get("row" + i);
        }
        for (int i = 100; i < 150; i++) {
            cache.offer("row" + i, "v" + i, cache.stamp());
        }
        assertEquals(100, cache.size());
        for (int i = 0; i < 100; i++) {
            if (i % 2 == 0) {
                assertEquals("v" + i, cache.get("row" + i), "read, so kept");
            } else {
                assertNull(cache.get("row" + i), "not read, so out first");
            }
        }
    }
}
