package org.affinity.profile.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The member vectors last written to the index. A vector whose direction moved less than
 * {@link #MIN_MOVE} (1 - cosine) since is not written again: the index lags the exact vector (which
 * {@code Profiles.vector} returns) by at most that, and a busy member costs one HNSW insertion per
 * real change instead of one per event.
 */
final class WrittenVectors {

    static final double MIN_MOVE = 0.0005;

    private final Map<String, float[]> written = new ConcurrentHashMap<>();

    /** Whether {@code vector} differs enough from what was written to be written; remembers it if so. */
    boolean moved(String memberId, float[] vector) {
        if (vector == null) {
            return written.remove(memberId) != null;
        }
        float[] before = written.get(memberId);
        if (before != null && before.length == vector.length && Lookalike.dot(before, vector) > 1 - MIN_MOVE) {
            return false;
        }
        written.put(memberId, vector);
        return true;
    }

    void forget(String memberId) {
        written.remove(memberId);
    }

    void replaceAll(Map<String, float[]> vectors) {
        written.clear();
        written.putAll(vectors);
    }
}
