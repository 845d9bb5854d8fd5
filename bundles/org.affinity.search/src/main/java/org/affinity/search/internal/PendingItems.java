package org.affinity.search.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.affinity.api.item.Item;

/**
 * Changed items waiting to be embedded, oldest change first. A second change of an item replaces
 * the first (only the latest state is worth embedding), so a burst of updates costs one embedding
 * per item, and the store's listener thread never waits for the model.
 */
final class PendingItems {

    private final Map<String, Item> items = new LinkedHashMap<>();

    synchronized void add(Collection<Item> changed) {
        for (Item item : changed) {
            items.remove(item.id());   // re-inserted: it moves behind the older changes
            items.put(item.id(), item);
        }
        notifyAll();
    }

    /** Puts back items that could not be indexed, unless a newer change of them arrived meanwhile. */
    synchronized void putBack(Collection<Item> unindexed) {
        for (Item item : unindexed) {
            items.putIfAbsent(item.id(), item);
        }
        notifyAll();
    }

    /** Takes up to {@code max} of the oldest changes. */
    synchronized List<Item> take(int max) {
        List<Item> taken = new ArrayList<>(Math.min(max, items.size()));
        Iterator<Item> oldest = items.values().iterator();
        while (taken.size() < max && oldest.hasNext()) {
            taken.add(oldest.next());
            oldest.remove();
        }
        return taken;
    }

    synchronized int size() {
        return items.size();
    }

    synchronized void clear() {
        items.clear();
    }

    /** Waits until there is something to take or the time is up; returns how many changes wait. */
    synchronized int await(long millis) throws InterruptedException {
        if (items.isEmpty()) {
            wait(millis);
        }
        return items.size();
    }

    /** Waits until {@link #wake()}, a change, or the time is up, whatever waits already. */
    synchronized void pause(long millis) throws InterruptedException {
        wait(millis);
    }

    /** Wakes whoever waits (to notice a new model or a stop). */
    synchronized void wake() {
        notifyAll();
    }
}
