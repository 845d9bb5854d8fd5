package org.affinity.chat.intent.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A stratified split: from every group (an intent, or an intent in one language) the same share is
 * held out, rounded, at least one example of every group with two or more, and never the last one
 * (a group keeps something to learn from). Seeded: the same groups give the same split.
 */
public final class Holdout {

    private Holdout() {
    }

    /** Indices of the held-out examples, ascending. */
    public static int[] stratified(List<String> groups, double share, long seed) {
        Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
        for (int i = 0; i < groups.size(); i++) {
            byGroup.computeIfAbsent(groups.get(i), g -> new ArrayList<>()).add(i);
        }
        Random random = new Random(seed);
        List<Integer> held = new ArrayList<>();
        for (List<Integer> members : byGroup.values()) {
            if (members.size() < 2) {
                continue;
            }
            List<Integer> shuffled = new ArrayList<>(members);
            Collections.shuffle(shuffled, random);
            int count = Math.min(members.size() - 1, Math.max(1, (int) Math.round(members.size() * share)));
            held.addAll(shuffled.subList(0, count));
        }
        return held.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
