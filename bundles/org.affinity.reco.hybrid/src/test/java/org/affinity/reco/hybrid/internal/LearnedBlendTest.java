package org.affinity.reco.hybrid.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.affinity.reco.testkit.Configs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A learned blend: kept and read back whole, explained, and served as one blend when both groups blend alike. */
class LearnedBlendTest {

    @TempDir
    Path data;

    private static LearnedBlend.Group group(Map<String, Double> weights, String note) {
        return new LearnedBlend.Group("weighted", weights, 60, 0.8, 700, 0.12, 0.10, Map.of("cf", 0.11, "trending", 0.09), note);
    }

    @Test
    void keptReadBackExplainedAndOneBlendWhenTheGroupsBlendAlike() throws Exception {
        LearnedBlend.Group warm = group(Map.of("cf", 1.0, "trending", 0.5, "popularity", 0.0), "");
        LearnedBlend.Group copied = group(warm.weights(), "only 12 cold validation members: the warm blend (12 members)");
        LearnedBlend blend = new LearnedBlend(Instant.parse("2026-12-07T15:00:00Z"), 5, warm, copied, "temporal: ...", 1000,
                Map.of("cf", "cf-als-3"), false, 12.5);
        Path file = data.resolve("reco-hybrid/blend.properties");
        blend.save(file);
        assertEquals(blend, LearnedBlend.load(file));

        assertEquals(List.of("cf", "trending"), List.copyOf(warm.shares().keySet()), "largest share first, unused left out");
        assertEquals(2 / 3.0, warm.shares().get("cf"), 1e-9);
        assertEquals("cf", warm.bestAlone());
        assertTrue(blend.explain().startsWith("warm members (5+ events): cf 67%, trending 33% (weighted, MMR 0.8): validation NDCG@10 0.1200"),
                blend.explain());

        BlendSettings base = BlendSettings.of(Configs.defaults(HybridConfig.class));
        Blends alike = blend.blends(base, new ItemFeatures(10, 100));
        assertSame(alike.warm(), alike.cold(), "no history lookups when cold members get the warm blend");
        LearnedBlend apart = new LearnedBlend(blend.learnedAt(), 5, warm, group(Map.of("trending", 1.0), ""), "", 1000, Map.of(), false, 1);
        Blends two = apart.blends(base, new ItemFeatures(10, 100));
        assertNotSame(two.warm(), two.cold());
        assertTrue(two.cold().uses("trending") && !two.cold().uses("cf") && two.uses("cf"));
    }
}
