package org.affinity.embedding.onnx.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class EmbeddingCacheTest {

    @Test
    void keepsTheMostRecentlyUsedAndHandsOutCopies() {
        EmbeddingCache cache = new EmbeddingCache(2);
        float[] a = { 1 };
        cache.put("a", a);
        cache.put("b", new float[] { 2 });
        a[0] = 99; // the caller's array is not the cached one
        assertArrayEquals(new float[] { 1 }, cache.get("a")); // a is now the most recent
        cache.put("c", new float[] { 3 });
        assertNull(cache.get("b"), "b was the least recently used");
        float[] first = cache.get("a");
        first[0] = 42;
        assertNotSame(first, cache.get("a"));
        assertArrayEquals(new float[] { 1 }, cache.get("a"));
        assertEquals(2, cache.size());
        assertEquals(4, cache.hits());
        assertEquals(1, cache.misses());
    }

    @Test
    void sizeZeroKeepsNothing() {
        EmbeddingCache cache = new EmbeddingCache(0);
        cache.put("a", new float[] { 1 });
        assertNull(cache.get("a"));
        assertEquals(0, cache.size());
    }
}
