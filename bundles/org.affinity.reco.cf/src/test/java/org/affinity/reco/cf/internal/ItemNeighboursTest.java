package org.affinity.reco.cf.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ItemNeighboursTest {

    /** The explanation's look-up through the lists that hold an item answers as a scan of the whole history does. */
    @Test
    void closestReadsOnlyTheListsAroundTheTargetAndAgreesWithAFullScan() {
        Random random = new Random(5);
        int n = 300;
        int[][] rows = new int[n][];
        float[][] similarities = new float[n][];
        for (int i = 0; i < n; i++) {
            int k = random.nextInt(12);
            Set<Integer> picked = new HashSet<>();
            rows[i] = new int[k];
            similarities[i] = new float[k];
            for (int p = 0; p < k; p++) {
                int j;
                do {
                    j = random.nextInt(n);
                } while (j == i || !picked.add(j));
                rows[i][p] = j;
                // few distinct values, so ties happen
                similarities[i][p] = random.nextInt(5) / 4f;
            }
        }
        ItemNeighbours neighbours = new ItemNeighbours(rows, similarities);
        for (int round = 0; round < 2000; round++) {
            int target = random.nextInt(n);
            Set<Integer> history = new HashSet<>();
            for (int h = random.nextInt(200); h > 0; h--) {
                history.add(random.nextInt(n));
            }
            int best = -1;
            float bestSimilarity = 0;
            for (int j : history.stream().sorted().toList()) {
                if (j == target) {
                    continue;
                }
                float s = Math.max(neighbours.similarity(j, target), neighbours.similarity(target, j));
                if (s > bestSimilarity) {
                    best = j;
                    bestSimilarity = s;
                }
            }
            assertEquals(best, neighbours.closest(target, history::contains), "round " + round);
        }
    }
}
