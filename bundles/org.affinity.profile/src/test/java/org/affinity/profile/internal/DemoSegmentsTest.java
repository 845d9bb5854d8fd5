package org.affinity.profile.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.affinity.api.profile.Profile;
import org.affinity.api.profile.SimilarMember;
import org.affinity.api.segment.Segment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rule and lookalike segments on the demo shop, and nearest members. */
class DemoSegmentsTest {

    static ProfileEngine engine;

    @BeforeAll
    static void importOnce() throws Exception {
        engine = DemoShop.get().engine;
    }

    @Test
    void theIssuesExampleRuleSelectsExactlyTheMatchingProfiles() {
        String rule = "rfm.segment in ('At Risk','Cant Lose Them') and affinity('christmas') > 0.1 and country == 'United Kingdom'";
        Segment segment = engine.segments.define("uk-christmas-at-risk", "UK Christmas shoppers at risk", Segment.Kind.RULE,
                rule, engine.book());
        Set<String> expected = new HashSet<>();
        for (MemberState state : engine.book().states()) {
            Profile p = engine.profile(state.id).orElseThrow();
            double christmas = state.share(state.terms(engine.book().catalogue), "christmas");
            if (p.rfm() != null && Set.of("At Risk", "Can't Lose Them").contains(p.rfm().segment()) && christmas > 0.1
                    && "United Kingdom".equals(p.features().get("country"))) {
                expected.add(state.id);
            }
        }
        assertTrue(expected.size() > 10, "the demo has such members: " + expected.size());
        assertEquals(expected.size(), segment.size());
        assertEquals(expected, new HashSet<>(engine.segments.members("uk-christmas-at-risk", 0, 10_000)));
        List<String> page = engine.segments.members("uk-christmas-at-risk", 5, 3);
        assertEquals(engine.segments.members("uk-christmas-at-risk", 0, 10_000).subList(5, 8), page, "pages ordered by id");
        String member = page.get(0);
        assertTrue(engine.segments.segmentsOf(member).contains("uk-christmas-at-risk"));
        assertTrue(engine.segments.remove("uk-christmas-at-risk"));
    }

    @Test
    void rfmSegmentsAreBuiltInAndCannotBeRedefined() {
        assertEquals(11 + 0, engine.segments.list().stream().filter(s -> s.kind() == Segment.Kind.RFM).count());
        assertEquals("rfm-cant-lose-them", engine.segments.list().get(8).id());
        assertThrows(IllegalArgumentException.class, () -> engine.segments.remove("rfm-champions"));
        assertThrows(IllegalArgumentException.class,
                () -> engine.segments.define("rfm-x", "x", Segment.Kind.RULE, "orders > 1", engine.book()));
        long sum = engine.segments.list().stream().filter(s -> s.kind() == Segment.Kind.RFM).mapToLong(Segment::size).sum();
        assertEquals(engine.stats().members(), sum, "every member who purchased is in exactly one RFM segment");
    }

    @Test
    void lookalikesAreTheMembersNearestToTheSeeds() {
        Segment segment = engine.segments.define("like-12347", "Like 12347 and 12348", Segment.Kind.LOOKALIKE,
                "12347, 12348 size=50", engine.book());
        assertEquals(50, segment.size());
        List<String> members = engine.segments.members("like-12347", 0, 100);
        assertTrue(!members.contains("12347") && !members.contains("12348"), "seeds are not their own lookalikes");
        // The nearest neighbour of 12347 alone is, by construction, close to the seeds' centre too.
        List<SimilarMember> nearest = engine.similar("12347", 5);
        assertEquals(5, nearest.size());
        assertTrue(nearest.get(0).similarity() >= nearest.get(4).similarity());
        assertTrue(nearest.stream().noneMatch(s -> s.memberId().equals("12347")));
        String error = assertThrows(IllegalArgumentException.class,
                () -> engine.segments.define("like-none", "x", Segment.Kind.LOOKALIKE, "nobody size=5", engine.book())).getMessage();
        assertTrue(error.startsWith("no seed member has a profile vector yet"), error);
        assertTrue(engine.segments.remove("like-12347"));
    }
}
