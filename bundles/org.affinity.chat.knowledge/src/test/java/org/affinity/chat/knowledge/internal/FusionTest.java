package org.affinity.chat.knowledge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class FusionTest {

    private static final List<PassageScore> KEYWORDS = List.of(new PassageScore("b#0", "b", 9.0),
            new PassageScore("a#1", "a", 7.0), new PassageScore("a#0", "a", 1.0));
    private static final List<PassageScore> VECTORS = List.of(new PassageScore("a#0", "a", 0.8),
            new PassageScore("c#0", "c", 0.5), new PassageScore("b#0", "b", 0.4));

    @Test
    void rrfAddsOneOverKPlusTheRankOfEachArticlesBestPassage() {
        List<Fusion.Fused> fused = Fusion.fuse(KEYWORDS, VECTORS, null, id -> false,
                new Fusion.Settings(Fusion.Method.RRF, 60, 1, 1, 0));
        assertEquals(List.of("a", "b", "c"), fused.stream().map(Fusion.Fused::articleId).toList());
        assertEquals(1.0 / 62 + 1.0 / 61, fused.get(0).score(), 1e-12, "a: second in keywords, first in vectors");
        assertEquals(1.0 / 61 + 1.0 / 63, fused.get(1).score(), 1e-12);
        assertEquals("a#0", fused.get(0).passageId(), "a#0 is in both lists, a#1 in one");
    }

    @Test
    void scoreFusionMixesNormalisedScores() {
        List<Fusion.Fused> fused = Fusion.fuse(KEYWORDS, VECTORS, null, id -> false,
                new Fusion.Settings(Fusion.Method.SCORES, 60, 0.2, 0.8, 0));
        // a: keywords (7-1)/8 = 0.75 at best, vectors 1.0; b: keywords 1.0, vectors 0; c: vectors 0.25
        assertEquals(List.of("a", "b", "c"), fused.stream().map(Fusion.Fused::articleId).toList());
        assertEquals(0.2 * 0.75 + 0.8, fused.get(0).score(), 1e-9);
        assertEquals(0.2, fused.get(1).score(), 1e-9);
        assertEquals(0.8 * 0.25, fused.get(2).score(), 1e-9);
        assertEquals("a#0", fused.get(0).passageId(), "a#0: 0.2 x 0 + 0.8 x 1 beats a#1: 0.2 x 0.75");
    }

    @Test
    void aListWithoutWeightIsLeftOut() {
        List<Fusion.Fused> keywordsOnly = Fusion.fuse(KEYWORDS, VECTORS, null, id -> false,
                new Fusion.Settings(Fusion.Method.RRF, 60, 1, 0, 0));
        assertEquals(List.of("b", "a"), keywordsOnly.stream().map(Fusion.Fused::articleId).toList());
        assertEquals("a#1", keywordsOnly.get(1).passageId());
    }

    @Test
    void theIntentLiftsTheArticlesThatListIt() {
        Fusion.Settings settings = new Fusion.Settings(Fusion.Method.SCORES, 60, 0.2, 0.8, 0.5);
        List<Fusion.Fused> fused = Fusion.fuse(KEYWORDS, VECTORS, "get_refund", id -> id.equals("c"), settings);
        assertEquals(List.of("a", "c", "b"), fused.stream().map(Fusion.Fused::articleId).toList(), "c passes b, not a");
        assertEquals(0.8 * 0.25 + 0.5 * 0.8, fused.get(1).score(), 1e-9, "half of a first place in the vector list");
        List<Fusion.Fused> without = Fusion.fuse(KEYWORDS, VECTORS, null, id -> true, settings);
        assertEquals("a", without.get(0).articleId(), "no intent, no boost");
        assertTrue(Fusion.fuse(List.of(), List.of(), "x", id -> true, settings).isEmpty());
    }
}
