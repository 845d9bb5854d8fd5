package org.affinity.store.jdbc.internal;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * Rows recently read, so the requests that read the same items and member histories again and again
 * (every recommendation reads both) do not go to the database each time. Bounded by a weight (rows,
 * or events of a history); a row not read since the eviction last passed it goes first (a second
 * chance, close to least recently used).
 * <p>
 * Reads take no lock: every recommendation reads dozens of rows, and with a lock per read the
 * request threads queued on it (a JFR profile of the serving bench had 7% of all CPU samples
 * spinning there). Keeping, evicting and dropping rows are serialised.
 * <p>
 * Never stale, because this store is its database's only writer (its change feed relies on that
 * too): a write calls {@link #changed} before its transaction and again after it ends. A read takes a
 * {@link #stamp} before it queries and offers its rows with it; rows read while a write was under
 * way are not kept, since they may be from before the commit. A read racing the first
 * {@code changed} may still see the row from before the write, as it would had it come first.
 */
final class RowCache<V> {

    private static final class Row<V> {
        final V value;
        final int weight;
        /** Set by reads, cleared by the eviction passing it: a plain field, an approximate order is enough. */
        boolean read;

        Row(V value, int weight) {
            this.value = value;
            this.weight = weight;
        }
    }

    private final long maxWeight;
    private final ToIntFunction<V> weigher;
    private final Map<String, Row<V>> rows = new ConcurrentHashMap<>();
    /** The same rows in the order the eviction passes them; guarded by this. */
    private final LinkedHashMap<String, Row<V>> order = new LinkedHashMap<>();
    private long weight;
    private volatile long writes;

    /** @param maxWeight 0 keeps nothing */
    RowCache(long maxWeight, ToIntFunction<V> weigher) {
        this.maxWeight = maxWeight;
        this.weigher = weigher;
    }

    long stamp() {
        return writes;
    }

    V get(String key) {
        Row<V> row = rows.get(key);
        if (row == null) {
            return null;
        }
        if (!row.read) {
            row.read = true;
        }
        return row.value;
    }

    /** Keeps a row read after {@code stamp} was taken, unless a write began or ended since. */
    synchronized void offer(String key, V value, long stamp) {
        int w = weigher.applyAsInt(value);
        if (stamp != writes || w > maxWeight) {
            return;
        }
        Row<V> row = new Row<>(value, w);
        remove(key);
        rows.put(key, row);
        order.put(key, row);
        weight += w;
        // Each pass either evicts a row or clears its read mark, so this ends within two rounds.
        while (weight > maxWeight) {
            Iterator<Map.Entry<String, Row<V>>> eldest = order.entrySet().iterator();
            Map.Entry<String, Row<V>> first = eldest.next();
            eldest.remove();
            Row<V> passed = first.getValue();
            if (passed.read && passed != row) {
                passed.read = false;
                order.put(first.getKey(), passed);
            } else {
                rows.remove(first.getKey(), passed);
                weight -= passed.weight;
            }
        }
    }

    /** A write of these keys begins or ends: drop them, and refuse rows read meanwhile. */
    synchronized void changed(Collection<String> keys) {
        writes++;
        for (String key : keys) {
            remove(key);
        }
    }

    synchronized int size() {
        return rows.size();
    }

    private void remove(String key) {
        Row<V> out = order.remove(key);
        if (out != null) {
            rows.remove(key, out);
            weight -= out.weight;
        }
    }
}
