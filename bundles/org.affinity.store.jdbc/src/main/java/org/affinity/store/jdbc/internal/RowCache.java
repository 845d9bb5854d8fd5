package org.affinity.store.jdbc.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Rows recently read, so the requests that read the same items and member histories again and again
 * (every recommendation reads both) do not go to the database each time. Least recently used out,
 * bounded by a weight (rows, or events of a history).
 * <p>
 * Never stale, because this store is its database's only writer (its change feed relies on that
 * too): a write calls {@link #changed} before its transaction and again after it ends. A read takes a
 * {@link #stamp} before it queries and offers its rows with it; rows read while a write was under
 * way are not kept, since they may be from before the commit.
 */
final class RowCache<V> {

    private final long maxWeight;
    private final ToIntFunction<V> weigher;
    private final LinkedHashMap<String, V> rows = new LinkedHashMap<>(256, 0.75f, true);
    private long weight;
    private long writes;

    /** @param maxWeight 0 keeps nothing */
    RowCache(long maxWeight, ToIntFunction<V> weigher) {
        this.maxWeight = maxWeight;
        this.weigher = weigher;
    }

    synchronized long stamp() {
        return writes;
    }

    synchronized V get(String key) {
        return rows.get(key);
    }

    /** Keeps a row read after {@code stamp} was taken, unless a write began or ended since. */
    synchronized void offer(String key, V value, long stamp) {
        int w = weigher.applyAsInt(value);
        if (stamp != writes || w > maxWeight) {
            return;
        }
        V earlier = rows.put(key, value);
        weight += w - (earlier == null ? 0 : weigher.applyAsInt(earlier));
        var eldest = rows.entrySet().iterator();
        while (weight > maxWeight && eldest.hasNext()) {
            Map.Entry<String, V> out = eldest.next();
            weight -= weigher.applyAsInt(out.getValue());
            eldest.remove();
        }
    }

    /** A write of these keys begins or ends: drop them, and refuse rows read meanwhile. */
    synchronized void changed(Collection<String> keys) {
        writes++;
        for (String key : keys) {
            V out = rows.remove(key);
            if (out != null) {
                weight -= weigher.applyAsInt(out);
            }
        }
    }

    synchronized int size() {
        return rows.size();
    }
}
