package org.affinity.profile.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class KeyWeightsTest {

    @Test
    void holdsWhatAMapHoldsInKeyOrder() {
        SplittableRandom random = new SplittableRandom(7);
        KeyWeights weights = new KeyWeights();
        Map<String, Double> expected = new TreeMap<>();
        for (int i = 0; i < 5_000; i++) {
            String key = "k" + random.nextInt(700);
            double w = random.nextDouble() - 0.2;
            weights.add(key, w);
            expected.merge(key, w, Double::sum);
        }
        weights.scale(0.5);
        expected.replaceAll((k, v) -> v * 0.5);
        weights.trim();
        assertEquals(expected.size(), weights.size());
        List<String> keys = new ArrayList<>();
        weights.forEach((key, w) -> {
            keys.add(key);
            assertEquals(expected.get(key), w, 0.0, key);
        });
        assertEquals(new ArrayList<>(expected.keySet()), keys, "iterated in key order");
        assertTrue(weights.contains("k1"));
        assertFalse(weights.contains("x"));
        assertTrue(Double.isNaN(weights.get("x")), "a key never added has no weight, not 0");
        weights.add("x", 0);
        assertEquals(0.0, weights.get("x"));
    }
}
