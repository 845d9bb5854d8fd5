package org.affinity.rest.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key: {@code perSecond} requests a second on average, bursts up to {@code burst}.
 * A refused request learns how many seconds until a token is free (Retry-After).
 */
final class RateLimiter {

    private static final class Bucket {
        double tokens;
        long refilled;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilled = now;
        }
    }

    private final double perSecond;
    private final double burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(double perSecond, double burst) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, burst);
    }

    /** 0 when the request may go ahead (a token was taken), else the whole seconds to wait. */
    long acquire(String key, long nowNanos) {
        if (perSecond <= 0) {
            return 0;
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, nowNanos));
        synchronized (bucket) {
            double elapsed = (nowNanos - bucket.refilled) / 1e9;
            bucket.tokens = Math.min(burst, bucket.tokens + elapsed * perSecond);
            bucket.refilled = nowNanos;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perSecond));
        }
    }
}
