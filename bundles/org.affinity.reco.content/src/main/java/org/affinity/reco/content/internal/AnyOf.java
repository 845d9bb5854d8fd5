package org.affinity.reco.content.internal;

import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The union of a few sets, without copying them: a request's exclusions are the filter's ids, the
 * member's purchases (thousands for a wholesaler) and their taste items, and the remembered neighbour
 * lists only ask whether an id is among them.
 */
final class AnyOf extends AbstractSet<String> {

    private final List<Set<String>> sets;

    AnyOf(List<Set<String>> sets) {
        this.sets = sets;
    }

    @Override
    public boolean contains(Object id) {
        for (Set<String> set : sets) {
            if (set.contains(id)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean isEmpty() {
        return sets.stream().allMatch(Set::isEmpty);
    }

    /** Each id once: an id in an earlier set is skipped in the later ones. */
    @Override
    public Iterator<String> iterator() {
        return new Iterator<>() {
            private int set;
            private Iterator<String> within = Set.<String>of().iterator();
            private String next;

            @Override
            public boolean hasNext() {
                while (next == null) {
                    if (within.hasNext()) {
                        String candidate = within.next();
                        if (!inEarlier(candidate)) {
                            next = candidate;
                        }
                    } else if (set < sets.size()) {
                        within = sets.get(set++).iterator();
                    } else {
                        return false;
                    }
                }
                return true;
            }

            private boolean inEarlier(String id) {
                for (int i = 0; i < set - 1; i++) {
                    if (sets.get(i).contains(id)) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                String result = next;
                next = null;
                return result;
            }
        };
    }

    @Override
    public int size() {
        int size = 0;
        for (Iterator<String> ids = iterator(); ids.hasNext(); ids.next()) {
            size++;
        }
        return size;
    }
}
