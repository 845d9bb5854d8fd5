package org.affinity.embedding.onnx.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** The vectors of the most recently used texts; thread-safe. Holds its own copies of the vectors. */
final class EmbeddingCache {

    private final int capacity;
    private final Map<String, float[]> entries;
    private long hits;
    private long misses;

    EmbeddingCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024) * 4 / 3 + 1, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > EmbeddingCache.this.capacity;
            }
        };
    }

    /** A copy of the cached vector of {@code text}, or null. */
    float[] get(String text) {
        if (capacity == 0) {
            return null;
        }
        float[] vector;
        synchronized (this) {
            vector = entries.get(text);
            if (vector == null) {
                misses++;
                return null;
            }
            hits++;
        }
        return vector.clone();
    }

    void put(String text, float[] vector) {
        if (capacity == 0) {
            return;
        }
        float[] copy = vector.clone();
        synchronized (this) {
            entries.put(text, copy);
        }
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long hits() {
        return hits;
    }

    synchronized long misses() {
        return misses;
    }
}
