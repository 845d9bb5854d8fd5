package org.affinity.profile.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The member vectors last written to the index. A vector whose direction moved less than
 * {@link #MIN_MOVE} (1 - cosine) since is not written again: the index lags the exact vector (which
 * {@code Profiles.vector} returns) by at most that, and a busy member costs one HNSW insertion per
 * real change instead of one per event.
 *
 * <p>What was written is remembered in 8 bits a dimension (about 0.4 kB a member instead of 1.5 kB
 * as floats). The rounding tilts the remembered direction by a small angle, measured when it is
 * stored and subtracted from the allowed move, so the bound above still holds exactly: rounding can
 * only make a write happen a little earlier, never skip one that was due.
 */
final class WrittenVectors {

    static final double MIN_MOVE = 0.0005;
    private static final double MAX_ANGLE = Math.acos(1 - MIN_MOVE);

    /** A written vector in 8 bits a dimension: value i is {@code codes[i] * step}. */
    private record Written(byte[] codes, float step, double norm, double skipAbove) {

        static Written of(float[] vector) {
            double max = 0;
            double length = 0;
            for (float v : vector) {
                max = Math.max(max, Math.abs(v));
                length += (double) v * v;
            }
            float step = (float) (max / 127);
            byte[] codes = new byte[vector.length];
            double norm = 0;
            double dot = 0;
            for (int i = 0; i < vector.length; i++) {
                codes[i] = step == 0 ? 0 : (byte) Math.round(vector[i] / step);
                double q = codes[i] * (double) step;
                norm += q * q;
                dot += q * vector[i];
            }
            norm = Math.sqrt(norm);
            length = Math.sqrt(length);
            double tilt = norm == 0 || length == 0 ? MAX_ANGLE : Math.acos(Math.min(1, dot / (norm * length)));
            double skipAbove = tilt >= MAX_ANGLE ? 2 : Math.cos(MAX_ANGLE - tilt);
            return new Written(codes, step, norm, skipAbove);
        }

        /** Whether {@code vector} is within the allowed move of the vector this remembers. */
        boolean near(float[] vector) {
            if (vector.length != codes.length || norm == 0) {
                return false;
            }
            double dot = 0;
            double length = 0;
            for (int i = 0; i < vector.length; i++) {
                dot += codes[i] * vector[i];
                length += (double) vector[i] * vector[i];
            }
            return length > 0 && dot * step / (norm * Math.sqrt(length)) >= skipAbove;
        }
    }

    private final Map<String, Written> written = new ConcurrentHashMap<>();

    /** Whether {@code vector} differs enough from what was written to be written; remembers it if so. */
    boolean moved(String memberId, float[] vector) {
        if (vector == null) {
            return written.remove(memberId) != null;
        }
        Written before = written.get(memberId);
        if (before != null && before.near(vector)) {
            return false;
        }
        written.put(memberId, Written.of(vector));
        return true;
    }

    void forget(String memberId) {
        written.remove(memberId);
    }

    void replaceAll(Map<String, float[]> vectors) {
        written.clear();
        vectors.forEach((id, vector) -> written.put(id, Written.of(vector)));
    }
}
