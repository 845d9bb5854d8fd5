package org.affinity.reco.hybrid.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.affinity.api.recommend.Recommendation;
import org.affinity.reco.testkit.Configs;
import org.affinity.store.testkit.RecordingJobContext;
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

    @Test
    void onARandomSplitABlendThatHelpsMembersItWasNotLearnedOnIsUsedAndOneThatAddsNothingIsNot() {
        // Each member has two relevant items; "a" ranks one first, "b" the other: together both are on top.
        List<BlendSearch.Member> complementary = new ArrayList<>();
        List<BlendSearch.Member> same = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            List<Recommendation> a = answer("r" + i, "a", i);
            List<Recommendation> b = answer("s" + i, "b", i);
            complementary.add(new BlendSearch.Member("m" + i, Set.of("r" + i, "s" + i), Map.of("a", a, "b", b)));
            same.add(new BlendSearch.Member("m" + i, Set.of("r" + i, "s" + i), Map.of("a", a, "b", a)));
        }
        BlendSettings base = BlendSettings.of(Configs.defaults(HybridConfig.class));
        BlendSearch search = new BlendSearch(base, List.of("a", "b"), null, new ItemFeatures(1_000, 1_000), 0, new RecordingJobContext());

        LearnedBlend.Group blended = search.search(complementary, "");
        assertTrue(blended.weights().get("a") > 0 && blended.weights().get("b") > 0, blended.toString());
        assertTrue(blended.note().contains("on members it was not learned on"), blended.note());
        assertEquals(1.0, blended.learned(), 1e-9, "both relevant items on top for every member");

        LearnedBlend.Group alone = search.search(same, "");
        assertEquals(0.0, alone.weights().get("b"), blended.toString());
        assertTrue(alone.note().startsWith("a alone"), alone.note());
    }

    private static List<Recommendation> answer(String relevant, String strategy, int member) {
        List<Recommendation> answer = new ArrayList<>();
        answer.add(new Recommendation(relevant, 1.0, ""));
        for (int j = 1; j < 20; j++) {
            answer.add(new Recommendation(strategy + "-filler-" + member + "-" + j, 1.0 - j / 40.0, ""));
        }
        return answer;
    }
}
