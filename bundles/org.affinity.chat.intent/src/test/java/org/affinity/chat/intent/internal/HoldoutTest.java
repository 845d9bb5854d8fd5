package org.affinity.chat.intent.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class HoldoutTest {

    @Test
    void everyGroupGivesItsShareButKeepsSomethingToLearnFrom() {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            groups.add("a");
        }
        for (int i = 0; i < 10; i++) {
            groups.add("b");
        }
        groups.add("c");
        groups.add("c");
        groups.add("d");
        int[] held = Holdout.stratified(groups, 0.2, 7);
        int[] counts = new int[4];
        for (int i : held) {
            counts[groups.get(i).charAt(0) - 'a']++;
        }
        assertArrayEquals(new int[] {20, 2, 1, 0}, counts, "20% of each, one of two, none of one");
        assertArrayEquals(held, Holdout.stratified(groups, 0.2, 7), "seeded");
        assertEquals(23, held.length);
    }
}
