package org.affinity.vector.lucene.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TuningTest {

    @Test
    void takesEveryAttributeOfTheConfiguration() {
        Tuning tuning = Tuning.of(VectorConfigs.with(Map.of("fanOut", 3, "minCandidates", 40, "maxCandidates", 900,
                "commitIntervalSeconds", 7, "hnswM", 24, "hnswBeamWidth", 150, "ramBufferMb", 128)));
        assertEquals(new Tuning(3, 40, 900, 7, 24, 150, 128), tuning);
        assertEquals(Tuning.of(VectorConfigs.with(Map.of())), Tuning.defaults(), "defaults are the metatype defaults");
    }

    @Test
    void candidatesAreKTimesTheFanOutWithinTheBounds() {
        Tuning tuning = new Tuning(10, 100, 2000, 10, 16, 100, 64);
        assertEquals(100, tuning.candidates(1), "at least the minimum");
        assertEquals(100, tuning.candidates(10));
        assertEquals(500, tuning.candidates(50));
        assertEquals(2000, tuning.candidates(1000), "at most the maximum");
        assertEquals(5000, tuning.candidates(5000), "never fewer than k");
        assertEquals(Integer.MAX_VALUE, new Tuning(100, 1, Integer.MAX_VALUE, 10, 16, 100, 64).candidates(Integer.MAX_VALUE / 2),
                "no overflow");
    }

    @Test
    void rejectsValuesLuceneCannotUse() {
        assertThrows(IllegalArgumentException.class, () -> new Tuning(0, 100, 2000, 10, 16, 100, 64));
        assertThrows(IllegalArgumentException.class, () -> new Tuning(10, 100, 2000, 10, 600, 100, 64));
        assertThrows(IllegalArgumentException.class, () -> new Tuning(10, 100, 2000, 10, 16, 4000, 64));
        assertThrows(IllegalArgumentException.class, () -> new Tuning(10, 100, 2000, 0, 16, 100, 64));
    }
}
