package org.affinity.reco.hybrid.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** On a temporal split the blend search takes a step only when it gains by more than the members' noise. */
class BlendSearchTest {

    @Test
    void aGainSeenOnManyMembersIsTaken() {
        double[] current = new double[400];
        double[] tried = new double[400];
        for (int i = 0; i < current.length; i++) {
            current[i] = i % 4 == 0 ? 0.5 : 0;
            tried[i] = i % 4 == 0 ? 0.6 : i % 10 == 1 ? 0.3 : 0; // better for 40% of the members, worse for none
        }
        assertTrue(BlendSearch.gains(tried, current, 1));
        assertFalse(BlendSearch.gains(current, tried, 1), "a loss is no gain");
        assertFalse(BlendSearch.gains(current, current, 1), "nor is a tie");
    }

    @Test
    void aHigherMeanFromAFewMembersUpAndAFewDownIsNotOnATemporalSplit() {
        double[] current = new double[400];
        double[] tried = new double[400];
        for (int i = 0; i < current.length; i++) {
            current[i] = i < 11 || i % 5 == 0 ? 0.5 : 0.1;
            // six members gain half a point, five lose as much: the mean is higher by 0.00125,
            // one standard error of the differences is 0.0042
            tried[i] = current[i] + (i < 6 ? 0.5 : i < 11 ? -0.5 : 0);
        }
        assertTrue(BlendSearch.mean(tried) > BlendSearch.mean(current));
        assertFalse(BlendSearch.gains(tried, current, BlendSearch.TEMPORAL_STEP_Z));
        assertTrue(BlendSearch.gains(tried, current, 0), "on a random split every rise counts");
        // The same gain on every member: taken.
        double[] even = current.clone();
        for (int i = 0; i < even.length; i++) {
            even[i] += 0.00125;
        }
        assertTrue(BlendSearch.gains(even, current, BlendSearch.TEMPORAL_STEP_Z));
    }
}
