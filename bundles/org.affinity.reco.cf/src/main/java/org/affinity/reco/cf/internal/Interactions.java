package org.affinity.reco.cf.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.affinity.api.event.Event;

/**
 * The member x item matrix of implicit feedback, held twice (by member rows and by item columns)
 * for training. A cell is the log-damped sum of the member's event weights for the item; cells
 * whose sum is not positive (bought and returned) are left out.
 */
final class Interactions {

    final String[] members;
    final String[] items;
    final Map<String, Integer> memberIndex;
    final Map<String, Integer> itemIndex;
    /** Row of member u: rowItems[rowStart[u] .. rowStart[u + 1]). */
    final int[] rowStart;
    final int[] rowItems;
    final float[] rowValues;
    /** Column of item i: colMembers[colStart[i] .. colStart[i + 1]). */
    final int[] colStart;
    final int[] colMembers;
    final float[] colValues;

    private Interactions(String[] members, String[] items, int[] rowStart, int[] rowItems, float[] rowValues) {
        this.members = members;
        this.items = items;
        this.memberIndex = index(members);
        this.itemIndex = index(items);
        this.rowStart = rowStart;
        this.rowItems = rowItems;
        this.rowValues = rowValues;
        int nnz = rowItems.length;
        colStart = new int[items.length + 1];
        for (int i : rowItems) {
            colStart[i + 1]++;
        }
        for (int i = 0; i < items.length; i++) {
            colStart[i + 1] += colStart[i];
        }
        colMembers = new int[nnz];
        colValues = new float[nnz];
        int[] fill = Arrays.copyOf(colStart, items.length);
        for (int u = 0; u < members.length; u++) {
            for (int p = rowStart[u]; p < rowStart[u + 1]; p++) {
                int at = fill[rowItems[p]]++;
                colMembers[at] = u;
                colValues[at] = rowValues[p];
            }
        }
    }

    int memberCount() {
        return members.length;
    }

    int itemCount() {
        return items.length;
    }

    int size() {
        return rowItems.length;
    }

    /** Members who interacted with item i. */
    int itemPopularity(int i) {
        return colStart[i + 1] - colStart[i];
    }

    private static Map<String, Integer> index(String[] ids) {
        Map<String, Integer> index = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            index.put(ids[i], i);
        }
        return index;
    }

    /** Collects events in any order; ids are numbered in sorted order so a build is reproducible. */
    static final class Builder {
        private final Map<String, Map<String, Float>> sums = new HashMap<>();
        private long events;

        Builder add(Event event) {
            if (event.itemId() == null) {
                return this;
            }
            float weight = Feedback.weight(event.type());
            if (weight != 0f) {
                add(event.memberId(), event.itemId(), weight);
            }
            return this;
        }

        Builder add(String member, String item, float weight) {
            sums.computeIfAbsent(member, m -> new HashMap<>()).merge(item, weight, Float::sum);
            events++;
            return this;
        }

        long events() {
            return events;
        }

        Interactions build() {
            String[] members = sums.entrySet().stream().filter(e -> e.getValue().values().stream().anyMatch(w -> w > 0))
                    .map(Map.Entry::getKey).sorted().toArray(String[]::new);
            String[] items = sums.values().stream().flatMap(row -> row.entrySet().stream()).filter(e -> e.getValue() > 0)
                    .map(Map.Entry::getKey).distinct().sorted().toArray(String[]::new);
            Map<String, Integer> itemIndex = index(items);
            int[] rowStart = new int[members.length + 1];
            int nnz = 0;
            for (int u = 0; u < members.length; u++) {
                for (float w : sums.get(members[u]).values()) {
                    if (w > 0) {
                        nnz++;
                    }
                }
                rowStart[u + 1] = nnz;
            }
            int[] rowItems = new int[nnz];
            float[] rowValues = new float[nnz];
            for (int u = 0; u < members.length; u++) {
                int p = rowStart[u];
                int[] row = sums.get(members[u]).entrySet().stream().filter(e -> e.getValue() > 0)
                        .mapToInt(e -> itemIndex.get(e.getKey())).sorted().toArray();
                Map<String, Float> weights = sums.get(members[u]);
                for (int i : row) {
                    rowItems[p] = i;
                    rowValues[p] = (float) Math.log1p(weights.get(items[i]));
                    p++;
                }
            }
            return new Interactions(members, items, rowStart, rowItems, rowValues);
        }
    }
}
