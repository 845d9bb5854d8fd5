package org.affinity.chat.intent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.affinity.api.chat.IntentMetrics.Confusion;
import org.junit.jupiter.api.Test;

class ScoresTest {

    @Test
    void accuracyMacroF1AndTheMostConfusedPairs() {
        Scores scores = new Scores(List.of("a", "b", "c"));
        // a: 3 right, 1 as b; b: 1 right, 1 as a; c: never right, 2 as b
        scores.add(0, 0, false);
        scores.add(0, 0, false);
        scores.add(0, 0, true);
        scores.add(0, 1, false);
        scores.add(1, 1, false);
        scores.add(1, 0, true);
        scores.add(2, 1, false);
        scores.add(2, 1, false);
        assertEquals(4 / 8.0, scores.accuracy(), 1e-12);
        assertEquals(2 / 8.0, scores.abstained(), 1e-12);
        // F1 a: p 3/4, r 3/4 -> 0.75; b: p 1/4, r 1/2 -> 1/3; c: 0
        assertEquals((0.75 + 1 / 3.0 + 0) / 3, scores.macroF1(), 1e-12);
        assertEquals(List.of(new Confusion("c", "b", 2), new Confusion("a", "b", 1)), scores.confused(2));
    }
}
