package org.affinity.reco.content.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A number per item id, given on first sight and never changed: requests keep per-item state (scores,
 * exclusions, priors) in arrays indexed by it instead of maps keyed by id. One numbering per
 * generation of the items collection (see {@link NeighbourCache}); ids only ever get added.
 */
final class ItemNumbers {

    private final Map<String, Integer> numbers = new ConcurrentHashMap<>();
    /** Written before the number is published in {@link #numbers}, so whoever got a number can read its id. */
    private volatile String[] ids = new String[1024];
    private volatile int count;

    int number(String id) {
        Integer known = numbers.get(id);
        return known != null ? known : assign(id);
    }

    /** The id's number, or -1 when it has none yet (then nothing numbered can be it). */
    int find(String id) {
        Integer known = numbers.get(id);
        return known == null ? -1 : known;
    }

    String id(int number) {
        return ids[number];
    }

    /** How many numbers were given: every number found so far is below it (the next one given is not). */
    int size() {
        return count;
    }

    private synchronized int assign(String id) {
        Integer known = numbers.get(id);
        if (known != null) {
            return known;
        }
        String[] now = ids;
        if (count == now.length) {
            now = Arrays.copyOf(now, count * 2);
        }
        now[count] = id;
        ids = now;
        numbers.put(id, count);
        return count++;
    }
}
