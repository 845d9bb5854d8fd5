package org.affinity.profile.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.affinity.api.profile.Profile;
import org.affinity.store.testkit.RecordingJobContext;
import org.junit.jupiter.api.Test;

/** Rebuilding every profile from the store gives the profiles that incremental updates built. */
class RebuildTest {

    @Test
    void rebuildingTheDemoShopGivesTheIncrementalProfiles() throws Exception {
        DemoShop shop = DemoShop.get();
        ProfileEngine rebuilt = DemoShop.engine(shop.store, new FakeVectors());
        rebuilt.start();
        RecordingJobContext context = new RecordingJobContext();
        Map<String, Object> report = rebuilt.rebuild(context);
        assertEquals(399_687L, report.get("events"));
        assertEquals(399_687L, context.total());

        assertSameProfiles(shop.engine, rebuilt);
        assertEquals(shop.engine.stats().rfmSegments(), rebuilt.stats().rfmSegments());
    }

    /** Every profile of {@code a} equals {@code b}'s: exactly for counts and money, within rounding for weights and vectors. */
    static void assertSameProfiles(ProfileEngine a, ProfileEngine b) {
        assertEquals(a.book().size(), b.book().size());
        assertEquals(a.book().applied(), b.book().applied());
        assertEquals(a.book().population().reference(), b.book().population().reference());
        int compared = 0;
        for (MemberState x : a.book().states()) {
            MemberState y = b.book().state(x.id);
            assertNotNull(y, x.id);
            Profile p = a.profile(x.id).orElseThrow();
            Profile q = b.profile(x.id).orElseThrow();
            assertEquals(p.rfm(), q.rfm(), x.id);
            assertEquals(p.features(), q.features(), x.id);
            Map<String, Double> xTerms = x.terms(a.catalogue);
            Map<String, Double> yTerms = y.terms(b.catalogue);
            assertEquals(xTerms.keySet(), yTerms.keySet(), x.id);
            for (String term : xTerms.keySet()) {
                assertEquals(x.share(xTerms, term), y.share(yTerms, term), 1e-9, x.id + " " + term);
            }
            Map<String, Double> xItems = x.items();
            Map<String, Double> yItems = y.items();
            assertEquals(xItems.keySet(), yItems.keySet(), x.id);
            for (String item : xItems.keySet()) {
                assertEquals(x.share(xItems, item), y.share(yItems, item), 1e-9, x.id + " " + item);
            }
            float[] u = a.vector(x.id).orElse(null);
            float[] v = b.vector(x.id).orElse(null);
            assertEquals(u == null, v == null, x.id);
            if (u != null) {
                assertTrue(Lookalike.dot(u, v) > 0.99999, x.id + " cosine " + Lookalike.dot(u, v));
            }
            Set<String> sa = new HashSet<>(a.segments.segmentsOf(x.id));
            assertEquals(sa, b.segments.segmentsOf(x.id), x.id);
            compared++;
        }
        assertTrue(compared > 0);
    }
}
